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
