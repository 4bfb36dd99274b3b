import { render } from 'preact';
import { Dashboard } from '../../components/Dashboard';
import { localizePage } from '../../components/i18n';
import '../popup/style.css';
import './style.css';

localizePage('dashboard_title');
render(<Dashboard />, document.getElementById('app')!);
