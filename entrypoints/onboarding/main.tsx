import { render } from 'preact';
import { Onboarding } from '../../components/Onboarding';
import { localizePage } from '../../components/i18n';
import '../popup/style.css';
import './style.css';

localizePage('onboarding_title');
render(<Onboarding />, document.getElementById('app')!);
