/**
 * Lets waiting requests and timers run before going on: long work in the server's one thread
 * (the embedded database, the analyser, training) calls this between steps.
 */
export const letOthersRun = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
