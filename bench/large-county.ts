/** A synthetic county of about `units` units under 4 divisions and 20 result areas, for benchmarks. */
export function largeCountyCsv(units: number): string {
  const words = [
    'terveysasema',
    'hammashoitola',
    'neuvola',
    'kotihoito',
    'palvelukoti',
    'paloasema',
    'mielenterveysasema',
    'fysioterapia',
    'asumisyksikkö',
    'päivätoiminta',
  ];
  const towns = ['Porvoo', 'Kerava', 'Järvenpää', 'Tuusula', 'Hyvinkää', 'Nurmijärvi', 'Mäntsälä', 'Sipoo', 'Loviisa', 'Askola', 'Pukkila', 'Myrskylä'];
  const lines = ['code,parent_code,kind,name_fi,name_sv,name_en,active', 'BIG,,county,Suuri hyvinvointialue,Stora välfärdsområdet,Large county,true'];
  for (let d = 1; d <= 4; d++) lines.push(`D${d},BIG,division,Toimiala ${d},Sektor ${d},Division ${d},true`);
  for (let r = 1; r <= 20; r++) lines.push(`R${r},D${((r - 1) % 4) + 1},result_area,Tulosalue ${r},Resultatområde ${r},Result area ${r},true`);
  for (let u = 1; u <= units; u++) {
    const w = words[u % words.length]!;
    const t = towns[u % towns.length]!;
    lines.push(`U${u},R${(u % 20) + 1},unit,${t} ${w} ${u},${t} enhet ${u},${t} unit ${u},true`);
  }
  return `${lines.join('\n')}\n`;
}
