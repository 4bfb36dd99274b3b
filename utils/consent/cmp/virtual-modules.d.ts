// The build's virtual module of autoconsent's opt-in steps (autoconsent-opt-in.ts, wxt.config.ts).
declare module 'virtual:autoconsent-opt-in' {
  import type { OptInSteps } from './autoconsent-opt-in';
  const steps: OptInSteps;
  export default steps;
}
