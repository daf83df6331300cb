import type { FastifyRequest } from 'fastify';
import { CsrfField, ErrorList } from '../http/layout.tsx';
import type { Population } from './panel.ts';
import { poolAgeGroups } from './pool.ts';
import { type Refusal, typedValue } from './ui.tsx';

/** The county's population by age group and municipality, entered from Statistics Finland's tables; a panel is drawn to match it. */
export function PopulationForm({ request, population, form }: { request: FastifyRequest; population: Population; form?: Refusal | undefined }) {
  const { t } = request;
  const mine = form?.typed.form === 'population' ? form : undefined;
  const lines = Object.entries(population.municipalities)
    .map(([k, v]) => `${k} ${v}`)
    .join('\n');
  return (
    <>
      <h3 id="population">{t('panel.population')}</h3>
      <p>{t('panel.populationHint')}</p>
      {mine && <ErrorList title={mine.error} items={[]} />}
      <form method="post" action="/admin/participation/population" class="stack">
        <CsrfField request={request} />
        <input type="hidden" name="form" value="population" />
        <fieldset>
          <legend>{t('panel.ageGroups')}</legend>
          <div class="grid-2">
            {poolAgeGroups.map((g) => (
              <p>
                <label for={`pop-${g}`}>{g}</label>
                <input
                  id={`pop-${g}`}
                  name={`age.${g}`}
                  type="text"
                  inputmode="numeric"
                  maxLength={12}
                  value={typedValue(mine?.typed, `age.${g}`, population.ageGroups[g] === undefined ? '' : String(population.ageGroups[g]))}
                />
              </p>
            ))}
          </div>
        </fieldset>
        <label for="pop-municipalities">{t('panel.municipalities')}</label>
        <p id="pop-municipalities-hint" class="hint">
          {t('panel.municipalitiesHint')}
        </p>
        <textarea id="pop-municipalities" name="municipalities" rows={8} aria-describedby="pop-municipalities-hint">
          {typedValue(mine?.typed, 'municipalities', lines)}
        </textarea>
        <p>
          <button type="submit">{t('panel.savePopulation')}</button>
        </p>
      </form>
    </>
  );
}
