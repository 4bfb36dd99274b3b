import { render } from 'preact';
import { Onboarding } from '../../components/Onboarding';
import { uiLocale } from '../../components/i18n';
import '../popup/style.css';
import './style.css';

document.documentElement.lang = uiLocale();
render(<Onboarding />, document.getElementById('app')!);
