import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downloadFileName } from './file-name.js';

test('the title made ASCII, cut to 24 characters, spaces as underscores', () => {
  assert.equal(downloadFileName('A Quiet Harbour', 'epub'), 'A_Quiet_Harbour.epub');
  assert.equal(downloadFileName('The Long Title That Goes On And On', 'html'), 'The_Long_Title_That_Goes.html');
  assert.equal(downloadFileName('Ein Märchen über Ära', 'txt'), 'Ein_Marchen_uber_Ara.txt');
  assert.equal(downloadFileName('Ærø Œuvre, Straße, Łódź', 'pdf'), 'AEro_OEuvre,_Strasse,_Lo.pdf');
});

test('non-Latin characters are dropped; nothing left gives a fallback name', () => {
  assert.equal(downloadFileName('灯塔 Lighthouse 灯塔', 'epub'), 'Lighthouse.epub');
  assert.equal(downloadFileName('灯塔与海鸥', 'epub'), 'Work.epub');
  assert.equal(downloadFileName('   ', 'epub'), 'Work.epub');
  assert.equal(downloadFileName('', 'html'), 'Work.html');
});

test('characters file systems refuse are removed, whitespace collapsed, no hidden files', () => {
  assert.equal(downloadFileName('a/b\\c:d*e?f"g<h>i|j', 'epub'), 'abcdefghij.epub');
  assert.equal(downloadFileName('  two   spaces\tand\ttabs ', 'epub'), 'two_spaces_and_tabs.epub');
  assert.equal(downloadFileName('...dots first', 'epub'), 'dots_first.epub');
  assert.equal(downloadFileName('Tom & Jerry\'s "Day"', 'epub'), "Tom_&_Jerry's_Day.epub");
});

test('a cut never leaves a trailing underscore', () => {
  assert.equal(downloadFileName('Twenty-three characters x', 'epub'), 'Twenty-three_characters.epub');
  assert.ok(downloadFileName('x'.repeat(100), 'epub').length <= 24 + '.epub'.length);
});
