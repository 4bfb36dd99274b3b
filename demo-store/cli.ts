/** Serves the demo store until interrupted: `npm run demo-store [-- --port 8443]`. */
import { startDemoStore } from './server';

const portArg = process.argv.indexOf('--port');
const store = await startDemoStore({ port: portArg > 0 ? Number(process.argv[portArg + 1]) : 8443 });
console.log(`Demo store on https://127.0.0.1:${store.port}`);
console.log(
  `Open it with: chromium --ignore-certificate-errors --host-resolver-rules="${store.hostResolverRules}" ${store.origin}/`,
);
process.on('SIGINT', () => void store.close().then(() => process.exit(0)));
