/** A plausible answer to THL's survey, one in seven with an open answer; the same shape through the API and into the table. */
export function benchAnswers(seq: number) {
  return {
    nps: seq % 11,
    nps_open: seq % 7 === 0 ? 'Hyvä palvelu, kiitos' : null,
    availability: 1 + (seq % 5),
    encounter: 1 + ((seq + 1) % 5),
    participation: 1 + ((seq + 2) % 5),
    information: null,
    understandability: 4,
    safety: 5,
    usefulness: 1 + ((seq + 3) % 5),
  };
}

/** Rows per second from `clients` loops, each storing what `send` stores, for `seconds`. */
export async function rate(clients: number, seconds: number, send: (seq: number) => Promise<number>): Promise<number> {
  let stored = 0;
  let seq = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        // not `stored += await …`: that reads the sum before the wait and loses the other loops' rows
        const got = await send((seq += 1));
        stored += got;
      }
    }),
  );
  return stored / ((performance.now() - started) / 1000);
}
