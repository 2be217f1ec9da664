import { accepts, describeRule, reportsAt } from './rule-test.js';

describeRule('capabilities-not-dropped', (lint) => {
  reportsAt(lint, 'services without cap_drop ALL', 'services:\n  a:\n    image: a:1\n  b:\n    image: b:1\n    cap_drop: [NET_RAW]\n', [2, 6]);
  accepts(lint, 'ALL in any case or with CAP_ prefix', 'services:\n  a:\n    image: a:1\n    cap_drop: [all]\n  b:\n    image: b:1\n    cap_drop: [CAP_ALL]\n');
});
