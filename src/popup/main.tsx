import { render } from 'preact';
import '../ui/base.css';
import './popup.css';
import { Popup } from './Popup.tsx';

const root = document.getElementById('app');
if (root) render(<Popup />, root);
