import { atLeast, atMost, unreadable } from '../../src/scenario/input-wording';

test('file errors are put in words; an unknown one keeps its code', () => {
  expect(unreadable({ code: 'ENOENT' })).toBe('no such file');
  expect(unreadable({ code: 'EISDIR' })).toBe('is a folder, not a file');
  expect(unreadable({ code: 'EACCES' })).toBe('permission denied');
  expect(unreadable({ code: 'ENOTDIR' })).toBe('a part of the path is a file, not a folder');
  expect(unreadable({ code: 'EMFILE' })).toBe('EMFILE');
  expect(unreadable(new Error('x'))).toBe('cannot be read');
  expect(unreadable(null)).toBe('cannot be read');
});

test('range phrases', () => {
  expect(atLeast(4)).toBe('must be at least 4');
  expect(atMost(64)).toBe('must be at most 64');
});
