import { render } from 'preact';
render(<p>ShareLedger</p>, document.getElementById('app')!);
