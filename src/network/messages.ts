// The English of what the network commands and readers say to the user, by id (src/i18n/ja/network.ts says it in Japanese).
import { defineMessages } from '../core/message.js';

export const networkMessages = defineMessages({
  'network.list.failed': 'cannot list networks: {error}',
  'network.nft.notJson': 'not JSON: {error}',
  'network.nft.noTables': 'no "nftables" array at the top',
  'network.nft.hint': 'give the output of `nft -j list ruleset`',
  'network.sample.invalid': '--sample: "{value}" is not a number of seconds from 0 to 60',
  'network.read.failed': '{command} failed',
  'network.read.notInstalled': '{command} not installed',
  'network.read.commandError': '{command}: {detail}',
  'network.read.xfrmStat': '/proc/net/xfrm_stat not readable (kernel without CONFIG_XFRM_STATISTICS?)',
  'network.option.noEffect': '{option} (no effect)',
  // how a kernel feature was found, or not
  'network.support.present': '{what} present',
  'network.support.loaded': 'module {module} loaded',
  'network.support.builtIn': '{config}=y (built in)',
  'network.support.available': 'module {module} available in {dir} (loaded on demand)',
  'network.support.noFile': '{config}=m but no {modules} module file in {dir}',
  'network.support.module': '{config}=m (module, loaded on demand)',
  'network.support.notSet': '{config} is not set',
  'network.support.absent': '{config} absent from the kernel config',
  'network.support.unknown': 'no kernel config, {modules} not loaded',
});
