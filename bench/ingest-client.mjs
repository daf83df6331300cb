// Workers do not inherit tsx from the command line: register it in this thread, then load the client.
import { register } from 'tsx/esm/api';

register();
await import('./ingest-client.ts');
