// Japanese for the messages of src/hardening/messages.ts, by id.
export const JA_HARDENING: Readonly<Record<string, string>> = {
  'hardening.probe.notLoopback': '{host} は調べません: API のプローブはループバックアドレスだけが対象です',
  'hardening.probe.badPort': 'TCP のポートではありません: {port}',
  'hardening.rule.apiOverHttp':
    'dockerd（pid {pid}）が {endpoint} で Docker API を認証なしの平文 HTTP で公開しています。このポートに到達できる者は誰でも {hostname} の root 権限を得ます',
  'hardening.rule.apiOverTlsUnverified':
    'dockerd（pid {pid}）が {endpoint} で Docker API を TLS で公開していますが、クライアント証明書を要求していません（--tlsverify なしの --tls）。TLS で暗号化はされても認証はされません',
  'hardening.rule.apiNotProbed':
    'dockerd（pid {pid}）は --tlsverify なしで {host} を待ち受ける設定です。アドレスがループバックでもワイルドカードでもない、または待ち受けていないため、接続は確認していません',
  'hardening.rule.accountsUnreadable': 'アカウントのファイルを読めませんでした: {error}',
  'hardening.rule.groupMemberNoAccount':
    '"{user}" は docker グループに載っていますが /etc/passwd にアカウントがありません（ディレクトリサービスのユーザー？）。このグループへの所属は root と同等です',
  'hardening.rule.groupMember': 'ユーザー "{user}"（uid {uid}）が docker グループに所属しています。このグループへの所属は root と同等です',
  'hardening.rule.groupMemberPrimary':
    'ユーザー "{user}"（uid {uid}）が docker グループにプライマリグループとして所属しています。このグループへの所属は root と同等です',
};
