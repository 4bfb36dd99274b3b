/**
 * The credit lines the licences of our tracker data ask for. Kept apart from the modules that load
 * that data (trackerdb.ts, tracker-lists.ts) so the popup and the dashboard can show them without
 * bundling the engines and the Public Suffix List they pull in.
 */
export const TRACKERDB_ATTRIBUTION = 'Tracker data: Ghostery Tracker Database, CC-BY-NC-SA-4.0';

export const TRACKER_LISTS_ATTRIBUTION =
  'Tracker lists: EasyList and EasyPrivacy (easylist.to), CC BY-SA 3.0, matched by @ghostery/adblocker';
