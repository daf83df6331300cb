import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { barChart, trendChart } from '../http/echarts.tsx';
import { formatDate } from '../shared/i18n/format.ts';
import { translator, type MessageKey } from '../shared/i18n/index.ts';
import { backgroundValueLabel } from '../surveys/background.ts';
import type { MonthlyReport } from './monthly-report.ts';
import type { Figure } from './portal.ts';

// DejaVu (Debian's fonts-dejavu-core, there with Chromium) has every character a report needs,
// the minus sign included; without it the PDF's own Helvetica, with "−" written as "-".
const dejavu = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const dejavuBold = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';
const hasDejavu = fs.existsSync(dejavu) && fs.existsSync(dejavuBold);

const margin = 50;
const ink = '#1a1a1a';
const muted = '#555555';

/**
 * The monthly report as a PDF a board can be handed: A4, charts as vector graphics (the same
 * ECharts SVG as the portal), tables that repeat their header when they break, and on every
 * page the node, the month, what is counted, and the page number.
 */
export async function monthlyReportPdf(r: MonthlyReport): Promise<Buffer> {
  const t = translator(r.lang);
  const v = r.view;
  const doc = new PDFDocument({ size: 'A4', margin, bufferPages: true, info: { Title: `${t('report.title')}: ${v.name} ${r.month}`, Producer: 'Kaiku' } });
  if (hasDejavu) {
    doc.registerFont('body', dejavu);
    doc.registerFont('bold', dejavuBold);
  } else {
    doc.registerFont('body', 'Helvetica');
    doc.registerFont('bold', 'Helvetica-Bold');
  }
  const text = (s: string) => (hasDejavu ? s : s.replace(/\u2212/g, '-'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const width = doc.page.width - 2 * margin;
  const bottom = () => doc.page.height - margin - 20;
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  const heading = (s: string) => {
    ensure(60);
    doc.moveDown(0.8).font('bold').fontSize(14).fillColor(ink).text(text(s), margin, doc.y, { width });
    doc.moveDown(0.3);
  };
  const para = (s: string, opts: { color?: string; size?: number } = {}) => {
    doc
      .font('body')
      .fontSize(opts.size ?? 10)
      .fillColor(opts.color ?? ink)
      .text(text(s), margin, doc.y, { width });
  };
  const chart = (svg: string, height: number) => {
    ensure(height + 10);
    SVGtoPDF(doc, svg, margin, doc.y, { width, height, preserveAspectRatio: 'xMinYMin meet', assumePt: false });
    doc.y += height + 6;
  };
  /**
   * A table whose header is drawn again on each page it runs onto, and never stands alone at a
   * page's foot. No column is narrower than its longest word, so no word breaks inside.
   */
  const table = (columns: { label: string; width: number; align?: 'left' | 'right' }[], rows: string[][]) => {
    const total = columns.reduce((a, c) => a + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * width);
    doc.font('bold').fontSize(9);
    const longestWord = (i: number) =>
      Math.max(...[columns[i]!.label, ...rows.map((r) => r[i] ?? '')].flatMap((s) => text(s).split(/\s+/)).map((w) => doc.widthOfString(w))) + 8;
    const widest = widths.indexOf(Math.max(...widths));
    widths.forEach((w, i) => {
      const need = longestWord(i);
      if (i !== widest && w < need) {
        widths[widest]! -= need - w;
        widths[i] = need;
      }
    });
    const rowHeight = (cells: string[], bold: boolean) => {
      doc.font(bold ? 'bold' : 'body').fontSize(9);
      return Math.max(...cells.map((c, i) => doc.heightOfString(text(c), { width: widths[i]! - 6 }))) + 6;
    };
    const drawRow = (cells: string[], bold: boolean) => {
      const h = rowHeight(cells, bold);
      if (doc.y + h > bottom()) {
        doc.addPage();
        if (!bold)
          drawRow(
            columns.map((c) => c.label),
            true,
          );
        doc.font(bold ? 'bold' : 'body').fontSize(9);
      }
      const y = doc.y;
      let x = margin;
      cells.forEach((c, i) => {
        doc.fillColor(ink).text(text(c), x + 3, y + 3, { width: widths[i]! - 6, align: columns[i]!.align ?? 'left' });
        x += widths[i]!;
      });
      doc
        .moveTo(margin, y + h)
        .lineTo(margin + width, y + h)
        .lineWidth(bold ? 0.8 : 0.3)
        .strokeColor(bold ? ink : '#bbbbbb')
        .stroke();
      doc.y = y + h;
    };
    const header = columns.map((c) => c.label);
    ensure(rowHeight(header, true) + (rows[0] ? rowHeight(rows[0], false) : 0) + 4);
    drawRow(header, true);
    for (const row of rows) drawRow(row, false);
    doc.x = margin;
  };
  const previousLabel = r.kind === 'month' ? t('report.lastMonth') : t(`report.previous.${r.kind}`);
  const thisLabel = r.kind === 'month' ? t('report.thisMonth') : t(`report.this.${r.kind}`);
  const nps = (f: Figure) => (f.suppressed ? t('portal.suppressed') : f.nps === null ? '–' : text(String(f.nps)));
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${x} %`);

  // 1. Headline
  doc
    .font('bold')
    .fontSize(20)
    .fillColor(ink)
    .text(text(`${t('report.title')}: ${v.name}`), margin, margin + 10, { width });
  para(t('report.period', { from: formatDate(v.period.from, r.lang), to: formatDate(v.period.to, r.lang) }), { color: muted });
  doc.moveDown(0.6);
  const target = v.npsTarget?.value;
  const met =
    target === undefined || v.headline.nps === null || v.headline.suppressed
      ? ''
      : v.headline.nps >= target
        ? ` ✓ ${t('portal.targetMet', { target })}`
        : ` ✗ ${t('portal.targetNotMet', { target })}`;
  table(
    [
      { label: t('report.measure'), width: 3 },
      { label: t('report.value'), width: 4, align: 'right' },
    ],
    [
      [
        'NPS',
        `${nps(v.headline)}${v.headline.margin !== null && !v.headline.suppressed ? ` ± ${v.headline.margin}` : ''}${hasDejavu ? met : met.replace(/[✓✗] /, '')}`,
      ],
      [previousLabel, r.lastMonthNps === null ? '–' : text(String(r.lastMonthNps))],
      [t('report.answers'), String(v.headline.answers)],
      [
        t('report.responseRate'),
        r.smsRequests && r.smsRequests.sent > 0 ? `${Math.round((r.smsRequests.rate ?? 0) * 100)} % (${r.smsRequests.answered} / ${r.smsRequests.sent})` : '–',
      ],
      [t('portal.countyNps', { county: v.county.name }), nps(v.county)],
      [
        t('report.feedback'),
        t('report.feedbackFigures', {
          received: v.feedback.received,
          inTime: pct(v.feedback.inTimeShare === null ? null : Math.round(v.feedback.inTimeShare * 100)),
          overdue: v.feedback.overdueNow,
        }),
      ],
    ],
  );
  if (v.headline.suppressed) para(t('portal.thresholdHint', { n: v.threshold }), { color: muted, size: 9 });
  if (v.quality.length > 0) {
    doc.moveDown(0.3);
    para(t('portal.qualityTitle'), { size: 10 });
    for (const q of v.quality) para(`• ${t('portal.qualityItem', { name: q.name, share: pct(Math.round(q.share * 100)), value: q.value })}`, { size: 9 });
  }

  // 2. Trend
  heading(t('portal.trendTitle', { node: v.name }));
  chart(
    trendChart(
      v.trend.map((m) => ({ label: `${Number(m.month.slice(5))}/${m.month.slice(2, 4)}`, value: m.figure.suppressed ? null : m.figure.nps, target: m.target })),
      { value: 'NPS', target: t('portal.target') },
      { min: -100, max: 100 },
    ),
    190,
  );

  // 3. Statements against last month, last year and target
  heading(t('portal.statementsTitle'));
  chart(
    barChart(
      v.statements.map((s) => ({ label: s.label, value: s.top2, target: s.target?.value ?? null })),
      { value: t('portal.top2'), target: t('portal.target') },
      { min: 0, max: 100 },
      ' %',
    ),
    200,
  );
  table(
    [
      { label: t('portal.statement'), width: 8 },
      { label: thisLabel, width: 2, align: 'right' },
      { label: previousLabel, width: 2, align: 'right' },
      { label: t('portal.lastYear'), width: 2, align: 'right' },
      { label: t('portal.target'), width: 2, align: 'right' },
    ],
    v.statements.map((s) => [s.label, pct(s.top2), pct(r.lastMonthTop2.get(s.key)), pct(s.lastYearTop2), s.target ? `${s.target.value} %` : '–']),
  );

  // 4. First contact
  if (v.firstContact.length) {
    heading(t('portal.firstContact'));
    table(
      [
        { label: t('background.callType'), width: 3 },
        ...v.firstContact[0]!.shares.map((s) => ({ label: s.label, width: 4, align: 'right' as const })),
        { label: t('report.answers'), width: 2, align: 'right' },
      ],
      v.firstContact.map((c) => [
        backgroundValueLabel(t, 'callType', c.callType),
        ...c.shares.map((s) => (c.suppressed ? t('portal.suppressed') : pct(s.yes))),
        String(c.answers),
      ]),
    );
  }

  // 5. The level below and the siblings
  if (v.children.length) {
    heading(t('portal.levelBelow'));
    table(
      [
        { label: t('portal.unit'), width: 8 },
        { label: 'NPS', width: 2, align: 'right' },
        { label: t('portal.margin'), width: 3, align: 'right' },
        { label: t('report.answers'), width: 2, align: 'right' },
      ],
      v.children.map((c) => [c.name, nps(c), c.margin === null || c.suppressed ? '' : `± ${c.margin}`, String(c.answers)]),
    );
  }
  if (v.siblings.length > 1) {
    heading(t('portal.siblings'));
    table(
      [
        { label: t('portal.unit'), width: 8 },
        { label: 'NPS', width: 2, align: 'right' },
        { label: t('report.answers'), width: 2, align: 'right' },
      ],
      v.siblings.map((c) => [c.current ? `${c.name} ◀` : c.name, nps(c), String(c.answers)]),
    );
  }

  // 6. Topics and quotes: survey answers and free-form feedback, each marked
  heading(t('portal.topics'));
  const topicTable = (topics: typeof v.topics) =>
    table(
      [
        { label: t('analysis.topic'), width: 6 },
        { label: t('analysis.texts'), width: 2, align: 'right' },
        { label: t('tone.negative'), width: 2, align: 'right' },
        { label: t('tone.mixed'), width: 2, align: 'right' },
        { label: t('tone.positive'), width: 2, align: 'right' },
      ],
      topics.map((x) => [x.name, String(x.count), String(x.tones.negative), String(x.tones.mixed), String(x.tones.positive)]),
    );
  for (const [source, topics] of [
    ['answer', v.topics],
    ['feedback', v.feedbackTopics],
  ] as const) {
    para(t(`analysis.source.${source}`), { size: 10 });
    if (topics.length === 0) para(t('common.noTextsInPeriod'), { color: muted, size: 9 });
    else topicTable(topics);
    doc.moveDown(0.3);
  }
  if (r.quotes.length) {
    doc.moveDown(0.5);
    para(t('report.quotes'), { color: muted, size: 9 });
    for (const q of r.quotes) {
      ensure(40);
      doc.moveDown(0.3);
      para(`“${q.masked}” (${t(`tone.${q.tone}` as MessageKey)})`, { size: 10 });
    }
  }

  // 7. Feedback and what it led to
  heading(t('report.feedbackTitle'));
  para(
    t('report.feedbackFigures', {
      received: v.feedback.received,
      inTime: pct(v.feedback.inTimeShare === null ? null : Math.round(v.feedback.inTimeShare * 100)),
      overdue: v.feedback.overdueNow,
    }),
  );
  if (r.effects.length) {
    doc.moveDown(0.3);
    table(
      [
        { label: t('handle.effects'), width: 8 },
        { label: t('report.count'), width: 2, align: 'right' },
      ],
      r.effects.map((e) => [t(`effect.${e.effect}` as MessageKey), String(e.count)]),
    );
  }

  // 8. Development actions: open ones and those finished in the period, and what they were for
  heading(t('actions.title'));
  para(t('actions.portal.figures', { ...v.actions.figures }));
  const actionRows = [...v.actions.open, ...r.finishedActions];
  if (actionRows.length) {
    doc.moveDown(0.3);
    table(
      [
        { label: t('actions.field.title'), width: 6 },
        { label: t('actions.status'), width: 3 },
        { label: t('actions.field.dueOn'), width: 3 },
      ],
      actionRows.map((a) => [
        `${a.title} (${a.node_name})`,
        [t(`actions.status.${a.status}` as MessageKey), a.outcome ? t(`actions.outcome.${a.outcome}` as MessageKey) : '', a.late ? t('actions.late') : '']
          .filter(Boolean)
          .join(', '),
        formatDate(a.due_on, r.lang),
      ]),
    );
  }

  // Every page: what it is, and where in the report
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - margin + 4;
    doc.font('body').fontSize(8).fillColor(muted);
    doc.text(text(`${v.name} · ${formatDate(v.period.from, r.lang)}–${formatDate(v.period.to, r.lang)}`), margin, y, {
      width: width - 80,
      lineBreak: false,
      height: 10,
    });
    doc.text(text(`${v.surveyName}, ${t('report.allChannels')}`), margin, y + 10, { width: width - 80, lineBreak: false, height: 10 });
    doc.text(t('report.page', { page: i + 1, pages: range.count }), margin + width - 80, y, { width: 80, align: 'right', lineBreak: false, height: 10 });
  }
  doc.end();
  return done;
}
