import { render } from 'preact';
import '../ui/base.css';
import '../ui/notices.css';
import './popup.css';
import { t } from '../shared/i18n.ts';
import { pageLanguage } from '../ui/page-language.ts';
import { Popup } from './Popup.tsx';

document.documentElement.lang = pageLanguage();
document.title = t('extName');

const root = document.getElementById('app');
if (root) render(<Popup />, root);
