import { render } from 'preact';
import { Dashboard } from '../../components/Dashboard';
import '../popup/style.css';
import './style.css';

render(<Dashboard />, document.getElementById('app')!);
