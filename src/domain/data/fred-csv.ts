import { SourceInvalidError } from '../errors.js';

/** The observations of one fredgraph.csv file. */
export interface ParsedFredCsv {
  readonly dates: readonly string[];
  readonly values: readonly (number | null)[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// A plain decimal as FRED writes it; no thousands separators, no units, no NaN/Infinity.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses FRED's `fredgraph.csv` layout strictly: header `observation_date,<ID>` or `DATE,<ID>`,
 * then `YYYY-MM-DD,value` lines with strictly increasing dates; an empty value or `.` is
 * missing. Anything else (an HTML page, another header, a bad date or number, a repeated or
 * out-of-order date, a file cut off mid-line) throws SourceInvalidError naming `file` and the line.
 */
export function parseFredCsv(text: string, seriesId: string, file: string): ParsedFredCsv {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const head = body.slice(0, 512).trimStart().toLowerCase();
  if (
    head.startsWith('<!doctype') ||
    head.startsWith('<html') ||
    head.startsWith('<?xml') ||
    head.startsWith('<')
  ) {
    throw invalid(file, 1, 'is an HTML/XML page, not a fredgraph.csv file (an error page from the server?)');
  }
  if (body.trim() === '') throw invalid(file, 1, 'is empty');
  if (!body.endsWith('\n')) {
    const lineCount = body.split('\n').length;
    throw invalid(file, lineCount, 'ends in the middle of a line (truncated download or copy?)');
  }
  const lines = body.split('\n');
  lines.pop(); // the empty string after the final newline
  const header = stripCr(lines[0] ?? '').split(',');
  const first = header[0]?.trim();
  if (
    header.length !== 2 ||
    (first !== 'observation_date' && first !== 'DATE') ||
    header[1]?.trim() !== seriesId
  ) {
    throw invalid(
      file,
      1,
      `has header "${stripCr(lines[0] ?? '')}", expected "observation_date,${seriesId}" or "DATE,${seriesId}"`,
    );
  }
  const dates: string[] = [];
  const values: (number | null)[] = [];
  let previous = '';
  for (let index = 1; index < lines.length; index += 1) {
    const lineNo = index + 1;
    const line = stripCr(lines[index] ?? '');
    if (line === '') {
      if (index === lines.length - 1) continue;
      throw invalid(file, lineNo, 'is an empty line inside the data');
    }
    const cells = line.split(',');
    if (cells.length !== 2)
      throw invalid(file, lineNo, `has ${cells.length} fields, expected 2: "${clip(line)}"`);
    const date = (cells[0] ?? '').trim();
    const raw = (cells[1] ?? '').trim();
    if (!isValidDate(date)) throw invalid(file, lineNo, `has an unparsable date "${clip(date)}"`);
    if (date === previous) throw invalid(file, lineNo, `repeats the date ${date}`);
    if (date < previous)
      throw invalid(file, lineNo, `has date ${date} after ${previous} (dates must increase)`);
    let value: number | null = null;
    if (raw !== '' && raw !== '.') {
      if (!NUMBER.test(raw))
        throw invalid(file, lineNo, `has a non-numeric value "${clip(raw)}" for ${date}`);
      value = Number(raw);
    }
    dates.push(date);
    values.push(value);
    previous = date;
  }
  if (dates.length === 0) throw invalid(file, 2, 'has a header but no observations');
  return { dates, values };
}

function isValidDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= daysInMonth;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function invalid(file: string, line: number, what: string): SourceInvalidError {
  return new SourceInvalidError(`${file} line ${line} ${what}`, {
    hint: 'replace the file with a fresh copy from FRED (fredgraph.csv?id=<ID>); nothing was ingested',
  });
}
