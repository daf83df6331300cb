import type { FastifyRequest } from 'fastify';
import { CsrfField, ErrorList, Page } from '../http/layout.tsx';
import { nodeName, type OrgNode } from '../organisation/node.ts';
import { localise, type SurveyDefinition } from '../surveys/definition.ts';
import type { effectiveTargets } from './targets.ts';

/** A node's targets for a year: NPS and each statement's share of 4–5, showing what is inherited from above. */
export function TargetsPage({
  request,
  node,
  input,
  def,
  targets,
  errors,
  typed,
}: {
  request: FastifyRequest;
  node: OrgNode;
  input: { year: number; survey: string };
  def: SurveyDefinition;
  targets: Awaited<ReturnType<typeof effectiveTargets>>;
  errors?: string[] | undefined;
  typed?: Record<string, string> | undefined;
}) {
  const { t, lang } = request;
  const questions = [
    { key: 'nps', label: 'NPS', min: -100, max: 100 },
    ...def.questions
      .filter((q) => q.type === 'likert')
      .map((q) => ({ key: q.key, label: `${localise(q.text, lang)} (${t('portal.top2')}, %)`, min: 0, max: 100 })),
  ];
  return (
    <Page request={request} title={t('portal.targetsTitle', { node: nodeName(node, lang), year: String(input.year) })}>
      {errors && <ErrorList title={t('error.invalid')} items={errors} />}
      <p>{t('portal.targetsHint')}</p>
      <form method="post" action="/portal/targets" class="stack">
        <CsrfField request={request} />
        <input type="hidden" name="node" value={node.code} />
        <input type="hidden" name="year" value={String(input.year)} />
        <input type="hidden" name="survey" value={input.survey} />
        {questions.map((q) => {
          const target = targets.get(q.key);
          return (
            <label>
              {q.label}
              <input
                type="number"
                name={`t_${q.key}`}
                min={q.min}
                max={q.max}
                step="1"
                value={typed ? (typed[q.key] ?? '') : target?.own ? String(target.value) : ''}
                placeholder={target && !target.own ? String(target.value) : ''}
                aria-describedby={target && !target.own ? `inh-${q.key}` : undefined}
              />
              {target && !target.own && (
                <span id={`inh-${q.key}`} class="hint">
                  {t('portal.inherited', { value: target.value, code: target.nodeCode })}
                </span>
              )}
            </label>
          );
        })}
        <button type="submit">{t('portal.saveTargets')}</button>
      </form>
      <p>
        <a href={`/portal?node=${encodeURIComponent(node.code)}`}>{t('portal.back', { node: nodeName(node, lang) })}</a>
      </p>
    </Page>
  );
}
