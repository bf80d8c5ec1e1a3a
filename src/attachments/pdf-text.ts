import { inflateSync } from 'node:zlib';

/** Read at most this much text from one PDF: a model's context is the limit, not the file. */
const maxChars = 200_000;

/**
 * The text of a PDF, for models without document input: the strings its pages show (`Tj`, `TJ`, `'`,
 * `"`), from plain and Flate-compressed content streams, a line break where the text moves to a new
 * line. It reads what simple PDFs (reports, exports, most generated documents) hold; fonts with their
 * own glyph codes read as nothing, and then the model is told the text could not be read.
 */
export function pdfText(pdf: Buffer): string {
  const lines: string[] = [];
  for (const content of contentStreams(pdf)) {
    lines.push(...textOfContent(content));
    if (lines.join('\n').length > maxChars) break;
  }
  const text = lines
    .join('\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .slice(0, maxChars);
  return /[\p{L}\p{N}]/u.test(text) ? text : '(No text could be read from this PDF.)';
}

/** The decoded bodies of the file's streams (those that decode: images and fonts are skipped). */
function* contentStreams(pdf: Buffer): Generator<string> {
  const source = pdf.toString('latin1');
  const streamStart = /stream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = streamStart.exec(source))) {
    const dictionary = source.slice(Math.max(0, match.index - 400), match.index);
    const from = match.index + match[0].length;
    const to = source.indexOf('endstream', from);
    if (to === -1) return;
    streamStart.lastIndex = to;
    const raw = pdf.subarray(from, to);
    const lastDictionary = dictionary.slice(dictionary.lastIndexOf('<<'));
    if (/\/Subtype\s*\/Image|\/Length1|\/FontFile/.test(lastDictionary)) continue;
    let body: Buffer;
    try {
      body = /\/FlateDecode/.test(lastDictionary) ? inflateSync(raw) : raw;
    } catch {
      continue;
    }
    const text = body.toString('latin1');
    // A content stream is operators and operands, nearly all ASCII; binary data that happens to hold "Tj" is not.
    const binary = text.match(/[^\x09\x0a\x0d\x20-\x7e]/g)?.length ?? 0;
    if (/\b(Tj|TJ)\b/.test(text) && binary < text.length / 20) yield text;
  }
}

/** The shown strings of one content stream, as lines. */
function textOfContent(content: string): string[] {
  const lines: string[] = [];
  let line = '';
  const newLine = () => {
    lines.push(line);
    line = '';
  };
  const token = /\((?:\\.|[^\\)])*\)|<[0-9a-fA-F\s]*>|\[|\]|-?\d*\.?\d+|\/[^\s/[\]()<>]+|[A-Za-z'"*]+/g;
  let operands: string[] = [];
  let match: RegExpExecArray | null;
  while ((match = token.exec(content))) {
    const word = match[0];
    if (word.startsWith('(') || word.startsWith('<') || word === '[' || word === ']' || /^[-\d./]/.test(word)) {
      operands.push(word);
      continue;
    }
    switch (word) {
      case 'Tj':
      case 'TJ':
        line += shown(operands);
        break;
      case "'":
      case '"':
        newLine();
        line += shown(operands);
        break;
      case 'T*':
      case 'ET':
        newLine();
        break;
      case 'Td':
      case 'TD':
        if (Number(operands.at(-1)) !== 0) newLine();
        else if (line && !line.endsWith(' ')) line += ' ';
        break;
    }
    operands = [];
  }
  if (line) newLine();
  return lines;
}

/** The text of a `Tj`/`TJ` operand: its strings joined, a space where a `TJ` kerning gap is wide. */
function shown(operands: string[]): string {
  let text = '';
  for (const operand of operands) {
    if (operand.startsWith('(')) text += literalString(operand.slice(1, -1));
    else if (operand.startsWith('<')) text += hexString(operand.slice(1, -1));
    else if (/^-?\d/.test(operand) && Number(operand) < -200) text += ' ';
  }
  return text;
}

function literalString(body: string): string {
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };
  return body.replace(/\\([0-7]{1,3}|.)/gs, (_, code: string) => (/^[0-7]/.test(code) ? String.fromCharCode(parseInt(code, 8)) : (escapes[code] ?? '')));
}

function hexString(body: string): string {
  const hex = body.replace(/\s/g, '');
  let text = '';
  // Big-endian two-byte codes of Latin text (a UTF-16 string, or an Identity-encoded CID font over it).
  if (hex.length % 4 === 0 && /^(00[0-9a-fA-F]{2})+$/.test(hex)) {
    for (let i = 0; i < hex.length; i += 4) text += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
    return text;
  }
  for (let i = 0; i + 1 < hex.length; i += 2) text += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return text;
}
