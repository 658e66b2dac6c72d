import { render } from 'preact';
import '../ui/base.css';
import './popup.css';
import { t, uiLanguage } from '../shared/i18n.ts';
import { Popup } from './Popup.tsx';

document.documentElement.lang = uiLanguage();
document.title = t('extName');

const root = document.getElementById('app');
if (root) render(<Popup />, root);
