import { render } from 'preact';
import './channel.ts';
import { t, uiLanguage } from '../shared/i18n.ts';
import { Dialog } from './Dialog.tsx';
import './dialog.css';

document.documentElement.lang = uiLanguage();
document.title = t('dialog_title');
// The session id travels in the fragment the content script set on this frame's URL.
const sessionId = location.hash.slice(1);
const root = document.getElementById('app');
if (root) render(<Dialog sessionId={sessionId} />, root);
