import { accepts, describeRule, reportsAt } from './rule-test.js';

describeRule('not-read-only', (lint) => {
  reportsAt(lint, 'unset and false read_only', 'services:\n  a:\n    image: a:1\n  b:\n    image: b:1\n    read_only: false\n', [2, 6]);
  accepts(
    lint,
    'read_only: true (also as the string "true")',
    'services:\n  a:\n    image: a:1\n    read_only: true\n  b:\n    image: b:1\n    read_only: "true"\n',
  );
});
