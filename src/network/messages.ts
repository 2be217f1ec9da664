// The English of what the network commands and readers say to the user, by id (src/i18n/ja/network.ts says it in Japanese).
import { defineMessages } from '../core/message.js';

export const networkMessages = defineMessages({
  'network.list.failed': 'cannot list networks: {error}',
  'network.nft.notJson': 'not JSON: {error}',
  'network.nft.noTables': 'no "nftables" array at the top',
  'network.nft.hint': 'give the output of `nft -j list ruleset`',
  'network.sample.invalid': '--sample: "{value}" is not a number of seconds from 0 to 60',
});
