import { describe, expect, it } from 'vitest';
import { SourceInvalidError } from '../../../../src/domain/errors.js';
import { parseFredCsv } from '../../../../src/domain/data/fred-csv.js';

describe('parseFredCsv', () => {
  it.each([
    {
      name: 'observation_date header',
      text: 'observation_date,X\n2020-01-01,1.5\n2020-02-01,2\n',
      dates: ['2020-01-01', '2020-02-01'],
      values: [1.5, 2],
    },
    { name: 'DATE header', text: 'DATE,X\n2020-01-01,1.5\n', dates: ['2020-01-01'], values: [1.5] },
    {
      name: 'empty value',
      text: 'observation_date,X\n2020-01-01,\n2020-01-02,3\n',
      dates: ['2020-01-01', '2020-01-02'],
      values: [null, 3],
    },
    { name: '"." value', text: 'DATE,X\n2020-01-01,.\n', dates: ['2020-01-01'], values: [null] },
    {
      name: 'CRLF line ends',
      text: 'DATE,X\r\n2020-01-01,-36.98\r\n',
      dates: ['2020-01-01'],
      values: [-36.98],
    },
    {
      name: 'byte-order mark',
      text: '\uFEFFDATE,X\n2020-01-01,1e3\n',
      dates: ['2020-01-01'],
      values: [1000],
    },
  ])('accepts $name', ({ text, dates, values }) => {
    expect(parseFredCsv(text, 'X', 'X.csv')).toEqual({ dates, values });
  });

  it.each([
    {
      name: 'an HTML page',
      text: '<!DOCTYPE html><html></html>\n',
      error: 'X.csv line 1 is an HTML/XML page',
    },
    { name: 'an empty file', text: '', error: 'X.csv line 1 is empty' },
    {
      name: 'a file cut mid-line',
      text: 'DATE,X\n2020-01-01,1\n2020-0',
      error: 'X.csv line 3 ends in the middle of a line',
    },
    {
      name: 'another series header',
      text: 'DATE,Y\n2020-01-01,1\n',
      error: 'X.csv line 1 has header "DATE,Y"',
    },
    { name: 'a third column', text: 'DATE,X\n2020-01-01,1,2\n', error: 'X.csv line 2 has 3 fields' },
    {
      name: 'a bad date',
      text: 'DATE,X\n2020-02-30,1\n',
      error: 'X.csv line 2 has an unparsable date "2020-02-30"',
    },
    { name: 'a US-style date', text: 'DATE,X\n01/02/2020,1\n', error: 'line 2 has an unparsable date' },
    {
      name: 'a non-numeric value',
      text: 'DATE,X\n2020-01-01,1\n2020-01-02,n/a\n',
      error: 'X.csv line 3 has a non-numeric value "n/a" for 2020-01-02',
    },
    { name: 'a thousands separator', text: 'DATE,X\n2020-01-01,"1,200"\n', error: 'line 2 has 3 fields' },
    { name: 'NaN', text: 'DATE,X\n2020-01-01,NaN\n', error: 'non-numeric value "NaN"' },
    {
      name: 'a repeated date',
      text: 'DATE,X\n2020-01-01,1\n2020-01-01,1\n',
      error: 'X.csv line 3 repeats the date 2020-01-01',
    },
    {
      name: 'dates going back',
      text: 'DATE,X\n2020-01-02,1\n2020-01-01,1\n',
      error: 'X.csv line 3 has date 2020-01-01 after 2020-01-02',
    },
    {
      name: 'a blank line inside',
      text: 'DATE,X\n2020-01-01,1\n\n2020-01-03,1\n',
      error: 'X.csv line 3 is an empty line',
    },
    { name: 'a header only', text: 'DATE,X\n', error: 'X.csv line 2 has a header but no observations' },
  ])('rejects $name naming the file and line', ({ text, error }) => {
    expect(() => parseFredCsv(text, 'X', 'X.csv')).toThrow(SourceInvalidError);
    expect(() => parseFredCsv(text, 'X', 'X.csv')).toThrow(error);
  });
});
