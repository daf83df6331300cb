import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

export function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 800 });
}

const slipTexts = {
  fi: {
    title: 'Kerro kokemuksestasi',
    body: 'Vastaa lyhyeen kyselyyn puhelimellasi: lue QR-koodi tai kirjoita osoite selaimeen. Vastaaminen on nimetöntä ja vie noin kaksi minuuttia.',
  },
  sv: {
    title: 'Berätta om din upplevelse',
    body: 'Svara på en kort enkät med din telefon: läs QR-koden eller skriv adressen i webbläsaren. Det är anonymt och tar ungefär två minuter.',
  },
  en: {
    title: 'Tell us about your experience',
    body: 'Answer a short survey on your phone: scan the QR code or type the address in your browser. It is anonymous and takes about two minutes.',
  },
};

/**
 * A printable A5 slip handed out at the unit: the unit's name, the QR code as vector graphics,
 * and the short address for those who type it. Bilingual units get both languages.
 */
export async function slipPdf(input: {
  url: string;
  unitName: { fi: string; sv?: string | null; en?: string | null };
  languages: ('fi' | 'sv' | 'en')[];
}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A5', margin: 36, info: { Title: `${slipTexts.fi.title} – ${input.unitName.fi}`, Producer: 'Kaiku' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const width = doc.page.width - 72;
  const [first, ...others] = input.languages;
  const t = slipTexts[first ?? 'fi'];
  doc.font('Helvetica-Bold').fontSize(22).fillColor('#00507a').text(t.title, { align: 'center', width });
  for (const l of others) doc.font('Helvetica').fontSize(14).fillColor('#1b1f24').text(slipTexts[l].title, { align: 'center', width });
  doc.moveDown(0.5);
  doc.font('Helvetica-Bold').fontSize(13).fillColor('#1b1f24').text(input.unitName.fi, { align: 'center', width });
  if (input.languages.includes('sv') && input.unitName.sv) doc.font('Helvetica').fontSize(12).text(input.unitName.sv, { align: 'center', width });

  // The QR code as squares: sharp at any print size.
  const qr = QRCode.create(input.url, { errorCorrectionLevel: 'M' });
  const modules = qr.modules.size;
  const side = 250;
  const cell = side / (modules + 4);
  const x0 = (doc.page.width - side) / 2 + 2 * cell;
  const y0 = doc.y + 14 + 2 * cell;
  doc.rect(x0 - 2 * cell, y0 - 2 * cell, side, side).fill('#ffffff');
  for (let r = 0; r < modules; r++) {
    for (let c = 0; c < modules; c++) if (qr.modules.get(r, c)) doc.rect(x0 + c * cell, y0 + r * cell, cell, cell);
  }
  doc.fill('#000000');
  doc.y = y0 - 2 * cell + side + 10;
  doc
    .font('Courier-Bold')
    .fontSize(14)
    .fillColor('#000000')
    .text(input.url.replace(/^https?:\/\//, ''), { align: 'center', width });
  doc.moveDown(0.8);
  for (const l of input.languages) {
    doc.font('Helvetica').fontSize(10.5).fillColor('#1b1f24').text(slipTexts[l].body, { align: 'center', width });
    doc.moveDown(0.4);
  }
  doc.end();
  return done;
}
