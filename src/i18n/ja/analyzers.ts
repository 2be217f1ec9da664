// Japanese for the messages of src/packages/analyzers/messages.ts (a file an analyzer read in part or not at all), by id.
export const JA_ANALYZERS: Readonly<Record<string, string>> = {
  // a JSON file
  'analyzers.json.invalid': '{path}: 正しい JSON ではないため飛ばしました',
  // apk
  'analyzers.apk.noNameOrVersion': '{path}:{line}: P: か V: のないエントリーを飛ばしました',
  // dpkg
  'analyzers.dpkg.noVersion.one': '{path}: Package か Version のないエントリー {count} 個は一覧に含めていません（dpkg も無視します）',
  'analyzers.dpkg.noVersion.many': '{path}: Package か Version のないエントリー {count} 個は一覧に含めていません（dpkg も無視します）',
  'analyzers.dpkg.notInstalled.one': '{path}: 状態が "installed" でないエントリー {count} 個（削除済み、config-files、half-installed）は一覧に含めていません',
  'analyzers.dpkg.notInstalled.many': '{path}: 状態が "installed" でないエントリー {count} 個（削除済み、config-files、half-installed）は一覧に含めていません',
  // rpm
  'analyzers.rpm.dbWarning': '{path}（{format} の rpmdb）: {warning}',
  'analyzers.rpm.unknownFormat': 'このツールが読める rpm データベースではありません（SQLite、Berkeley DB のハッシュ、ndb のいずれでもありません）',
  'analyzers.rpm.headerSkipped': '{path}: パッケージのヘッダーを 1 つ飛ばしました（{error}）',
  'analyzers.rpm.moreHeadersSkipped': '{path}: さらに {count} 個のパッケージのヘッダーを飛ばしました',
  'analyzers.rpm.header.tooShort': 'ヘッダーの blob が短すぎます',
  'analyzers.rpm.header.sizes': 'ヘッダーの blob のサイズが合いません',
  'analyzers.rpm.header.tagOutside': 'タグ {tag} がデータ領域の外を指しています',
  'analyzers.rpm.header.tagPastEnd': 'タグ {tag} がデータ領域の終わりを越えています',
  'analyzers.rpm.header.noTerminator': 'タグ {tag} に終端がありません',
  // Python site-packages
  'analyzers.python.noNameOrVersion': '{path}: Name か Version がないため一覧に含めていません',
  // Composer installed.json
  'analyzers.composer.noList': '{path}: パッケージの一覧がないため飛ばしました',
  'analyzers.composer.unnamed.one': '{path}: 名前かバージョンのないエントリー {count} 個を飛ばしました',
  'analyzers.composer.unnamed.many': '{path}: 名前かバージョンのないエントリー {count} 個を飛ばしました',
  // .NET deps.json
  'analyzers.dotnet.noLibraries': '{path}: "libraries" オブジェクトがないため飛ばしました',
  // gemspecs
  'analyzers.gemspec.rubyCode': '{path}: 名前かバージョンが文字列ではなく Ruby のコードのため飛ばしました（コードは実行しません）',
  'analyzers.gemspec.noNameOrVersion': '{path}: 名前かバージョンがないため飛ばしました',
  // Go binaries
  'analyzers.gobinary.notJson': '{path}: Go のビルド情報が読めないため飛ばしました',
  'analyzers.gobinary.unreadable': '{path}: Go のビルド情報が読めません',
  'analyzers.gobinary.corrupt': '{path}: Go のビルド情報が壊れているため（{error}）、Go モジュールを一覧に含めていません',
  'analyzers.gobinary.headerPastEnd': 'ヘッダーがファイルの終わりを越えています',
  'analyzers.gobinary.badVarint': '文字列の長さが varint ではありません',
  'analyzers.gobinary.stringPastEnd': '{size} バイトの文字列がファイルの終わりを越えています',
  'analyzers.gobinary.pointerSize': 'ポインターのサイズ {size} は 4 でも 8 でもありません',
  'analyzers.gobinary.pointerNotElf': 'ポインター形式のビルド情報が ELF ファイルの外にあります',
  'analyzers.gobinary.headerOutside': '文字列のヘッダーが読み込まれるセグメントの外にあります',
  'analyzers.gobinary.stringTooLong': '{size} バイトの文字列は長すぎます',
  'analyzers.gobinary.stringOutside': '文字列が読み込まれるセグメントの外にあります',
  // Rust binaries (cargo-auditable)
  'analyzers.cargoAuditable.notJson': '{path}: cargo-auditable の依存関係の一覧が JSON ではないため飛ばしました',
  'analyzers.cargoAuditable.inflate': '{path}: cargo-auditable の依存関係の一覧を展開できないため飛ばしました（{error}）',
  'analyzers.cargoAuditable.noPackages': '{path}: cargo-auditable の依存関係の一覧にパッケージがないため飛ばしました',
  'analyzers.cargoAuditable.unnamed.one': '{path}: 名前かバージョンのない cargo-auditable のエントリー {count} 個を飛ばしました',
  'analyzers.cargoAuditable.unnamed.many': '{path}: 名前かバージョンのない cargo-auditable のエントリー {count} 個を飛ばしました',
  // Java archives
  'analyzers.java.notRead': '{path}: {reason}: 読んでいません',
  'analyzers.java.inflatedAlready': '{name}: このアーカイブはすでに {max} バイトを展開しています（zip 爆弾？）',
  'analyzers.java.fromFileName':
    '{path}: pom.properties も MANIFEST.MF の Maven 座標もないため、ファイル名から {artifact} {version} として一覧に含めました（グループは不明です）',
  'analyzers.java.unidentified': '{path}: pom.properties も MANIFEST.MF の Maven 座標も名前のバージョンもないため、一覧に含めていません',
  'analyzers.java.unidentified.hint': '{path}: pom.properties も MANIFEST.MF の Maven 座標も名前のバージョンもないため、一覧に含めていません（{hint}）',
  'analyzers.java.manifestNames': 'MANIFEST.MF には "{title}" とあります',
  'analyzers.java.manifestNames.version': 'MANIFEST.MF には "{title}" {version} とあります',
  'analyzers.java.tooDeep': '{path}: {max} 階層より深く入れ子になったアーカイブ {count} 個は読んでいません',
  'analyzers.java.badRecord': '{path}: アーカイブの記録が読めないため飛ばしました',
  // the zip reader
  'analyzers.zip.tooShort': 'zip アーカイブにしては短すぎます',
  'analyzers.zip.noEnd': 'セントラルディレクトリの終端がありません（zip アーカイブでないか、途中で切れています）',
  'analyzers.zip.zip64': 'zip64 のアーカイブは読みません',
  'analyzers.zip.tooManyEntries': 'エントリーが {count} 個あり、上限の {max} 個を超えています',
  'analyzers.zip.corruptDirectory': 'セントラルディレクトリが壊れています',
  'analyzers.zip.noLocalHeader': '{name}: ローカルヘッダーがありません',
  'analyzers.zip.pastEnd': '{name}: アーカイブの終わりを越えています',
  'analyzers.zip.entryTooLarge': '{name}: {size} バイトで、上限の {max} バイトを超えています',
  'analyzers.zip.method': '{name}: 圧縮方式 {method} は読みません',
  'analyzers.zip.bomb': '{name}: 展開すると {max} バイトを超えます（zip 爆弾？）',
  'analyzers.zip.cannotInflate': '{name}: 展開できません（{error}）',
  // lockfiles and manifests
  'analyzers.lockfile.skipped': '{path}: {why}ため飛ばしました',
  'analyzers.lockfile.invalid': '正しい {format} ではない（{error}）',
  'analyzers.lockfile.noPackagesElement': '<packages> 要素がない',
  'analyzers.lockfile.noDependencies': '"dependencies" オブジェクトがない',
  'analyzers.lockfile.noPackages': '"packages" がない',
  'analyzers.lockfile.notYarn': 'yarn のロックファイルではない',
  'analyzers.lockfile.noProject': '<project> 要素がない',
  'analyzers.lockfile.unlisted.one': '{path}: {why}エントリー {count} 個は一覧に含めていません',
  'analyzers.lockfile.unlisted.many': '{path}: {why}エントリー {count} 個は一覧に含めていません',
  'analyzers.unlisted.unusable': '使える名前とバージョンのない',
  'analyzers.unlisted.noNameOrVersion': '名前かバージョンのない',
  'analyzers.unlisted.notPinned': '== で固定されていない（範囲、URL、パス）',
  'analyzers.unlisted.notRegistryVersion': 'レジストリのバージョンでない（file: か link:）',
  'analyzers.unlisted.unresolved': '解決済みのバージョンのない',
  'analyzers.unlisted.unpinned': '固定されたバージョンのない（VCS かパスからのインストール）',
  'analyzers.unlisted.notRegistryPackage': 'レジストリのパッケージでない（リンク、ファイル、tarball）',
  'analyzers.unlisted.undecided': '親 POM、BOM、または範囲でバージョンが決まる（オフラインでは読みません）',
  // go.mod
  'analyzers.gomod.localReplace': '{path}: ローカルのディレクトリ（プロジェクト自身のコード）に置き換えられたモジュール {count} 個は一覧に含めていません',
};
