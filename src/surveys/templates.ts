import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SurveyInput } from './county-surveys.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');

/** Ready surveys a county can publish as they are (seed 001's managers' survey), in the terms of POST /api/v1/surveys. */
export function surveyTemplates(): SurveyInput[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as SurveyInput);
}
