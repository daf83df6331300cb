import fs from 'node:fs';
import path from 'node:path';
import type { TextLanguage } from '../language.ts';
import type { Tone } from '../tone.ts';

export interface LabelledText {
  lang: TextLanguage;
  tone: Tone;
  /** Topic keys of the default taxonomy. */
  topics: string[];
  text: string;
}

const dir = import.meta.dirname;

/**
 * Kaiku's own labelled feedback, written like customers write (SMS answers, long complaints,
 * dialect, typos, sarcasm, praise with a "but"): `feedback-{fi,sv,en}.tsv`, one
 * `lang<TAB>tone<TAB>topics<TAB>text` a line. The split was made once and is the line's
 * position: in each file the 1st, 3rd, 5th… line is for training and tuning, the 2nd, 4th,
 * 6th… is held out and only ever measured. `feedback-train.tsv`, written later, is all training,
 * so that the held-out part stays the one every earlier figure was measured on.
 */
export function labelledFeedback(): { train: LabelledText[]; heldOut: LabelledText[] } {
  const train: LabelledText[] = [];
  const heldOut: LabelledText[] = [];
  for (const lang of ['en', 'fi', 'sv']) {
    linesOf(`feedback-${lang}.tsv`).forEach((line, i) => {
      (i % 2 === 0 ? train : heldOut).push(parseLine(line));
    });
  }
  for (const line of linesOf('feedback-train.tsv')) train.push(parseLine(line));
  return { train, heldOut };
}

const linesOf = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8').split('\n').filter(Boolean);

function parseLine(line: string): LabelledText {
  const [lang, tone, topics, text] = line.split('\t') as [TextLanguage, Tone, string, string];
  return { lang, tone, topics: topics === '-' ? [] : topics.split(','), text };
}

/** The README's mapping from Plutchik emotions to tone; surprise alone is left out. */
function toneOf(labels: number[]): Tone | undefined {
  const pos = labels.some((l) => [2, 5, 8].includes(l));
  const neg = labels.some((l) => [1, 3, 4, 6].includes(l));
  return pos && neg ? 'mixed' : pos ? 'positive' : neg ? 'negative' : undefined;
}

/**
 * XED's Finnish files in a directory (`fi-annotated.tsv` and the neutral sentences, named
 * `fi-neutral.txt` here, one sentence a line, or `neu_fi.txt` in XED's own AnnotatedData, where
 * a line is `number<TAB>sentence<TAB>…<TAB>subtitle file`), as tones.
 */
export function readXed(xedDir: string): { text: string; tone: Tone }[] {
  const out = readEmotions(path.join(xedDir, 'fi-annotated.tsv'));
  const neutral = ['fi-neutral.txt', 'neu_fi.txt'].map((f) => path.join(xedDir, f)).find((f) => fs.existsSync(f));
  if (neutral)
    for (const line of fs.readFileSync(neutral, 'utf8').split('\n')) {
      const text = (line.includes('\t') ? line.split('\t')[1] : line)?.trim();
      if (text) out.push({ text, tone: 'neutral' });
    }
  return out;
}

/** `sentence<TAB>emotions` lines, emotions as XED numbers them, as tones. */
function readEmotions(file: string): { text: string; tone: Tone }[] {
  const out: { text: string; tone: Tone }[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [text, labels] = line.split('\t');
    if (!text || !labels) continue;
    const tone = toneOf(labels.split(',').map((x) => Number(x.trim())));
    if (tone) out.push({ text, tone });
  }
  return out;
}

/** A sentence as compared for sameness: lower case, words and numbers only. */
export const sentenceKey = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_]+/gu, ' ')
    .trim();

/** The half of XED's Finnish sentences Kaiku ships (CC BY 4.0, see xed-fi/README.md), as tones. */
export const xedFinnish = () => readXed(path.join(dir, 'xed-fi'));

/**
 * XED's Finnish subtitles whose emotions were projected from the annotated English lines they
 * translate (CC BY 4.0, see xed-fi-projections/README.md), as tones: for training only, none of
 * them is or comes close to a sentence of XED's annotated Finnish.
 */
export const xedProjected = () => readEmotions(path.join(dir, 'xed-fi-projections', 'fi-projections.tsv'));
