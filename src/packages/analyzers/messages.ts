// The English of what the package analyzers say about a file they read in part or not at all, by id
// (src/i18n/ja/analyzers.ts says it in Japanese). A warning that means part of the image was not read is made
// with cutShort (../incomplete.ts); the file's path, sizes and a library's own error text are values.
import { defineMessages } from '../../core/message.js';

export const analyzerMessages = defineMessages({
  // a JSON file (package.json, installed.json, deps.json, a lockfile)
  'analyzers.json.invalid': '{path}: not valid JSON, skipped',
  // apk (apk.ts)
  'analyzers.apk.noNameOrVersion': '{path}:{line}: entry without P: or V: skipped',
  // dpkg (dpkg.ts)
  'analyzers.dpkg.noVersion.one': '{path}: {count} entry without Package or Version: not listed (dpkg ignores them too)',
  'analyzers.dpkg.noVersion.many': '{path}: {count} entries without Package or Version: not listed (dpkg ignores them too)',
  'analyzers.dpkg.notInstalled.one': '{path}: {count} entry whose status is not "installed" (removed, config-files, half-installed): not listed',
  'analyzers.dpkg.notInstalled.many': '{path}: {count} entries whose status is not "installed" (removed, config-files, half-installed): not listed',
  // rpm (rpm.ts): a database reader's warning is said inside dbWarning
  'analyzers.rpm.dbWarning': '{path} ({format} rpmdb): {warning}',
  'analyzers.rpm.unknownFormat': 'not an rpm database this tool reads (neither SQLite, Berkeley DB hash nor ndb)',
  'analyzers.rpm.headerSkipped': '{path}: a package header skipped ({error})',
  'analyzers.rpm.moreHeadersSkipped': '{path}: {count} more package headers skipped',
  'analyzers.rpm.header.tooShort': 'header blob too short',
  'analyzers.rpm.header.sizes': 'header blob sizes do not fit',
  'analyzers.rpm.header.tagOutside': 'tag {tag} points outside the data store',
  'analyzers.rpm.header.tagPastEnd': 'tag {tag} runs past the data store',
  'analyzers.rpm.header.noTerminator': 'tag {tag} has no terminator',
  // Python site-packages (python.ts)
  'analyzers.python.noNameOrVersion': '{path}: no Name or Version: not listed',
  // Composer installed.json (composer.ts)
  'analyzers.composer.noList': '{path}: no package list, skipped',
  'analyzers.composer.unnamed.one': '{path}: {count} entry without name or version skipped',
  'analyzers.composer.unnamed.many': '{path}: {count} entries without name or version skipped',
  // .NET deps.json (dotnet.ts)
  'analyzers.dotnet.noLibraries': '{path}: no "libraries" object, skipped',
  // gemspecs (gemspec.ts)
  'analyzers.gemspec.rubyCode': '{path}: name or version is Ruby code, not a string (it is never run): skipped',
  'analyzers.gemspec.noNameOrVersion': '{path}: no name or version: skipped',
  // Go binaries (gobinary.ts); the reasons build info is corrupt
  'analyzers.gobinary.notJson': '{path}: Go build info unreadable, skipped',
  'analyzers.gobinary.unreadable': '{path}: Go build info unreadable',
  'analyzers.gobinary.corrupt': '{path}: Go build info is corrupt ({error}): no Go modules listed for it',
  'analyzers.gobinary.headerPastEnd': 'the header runs past the end of the file',
  'analyzers.gobinary.badVarint': 'a string length is not a varint',
  'analyzers.gobinary.stringPastEnd': 'a string of {size} bytes runs past the end of the file',
  'analyzers.gobinary.pointerSize': 'pointer size {size} is not 4 or 8',
  'analyzers.gobinary.pointerNotElf': 'pointer-format build info outside an ELF file',
  'analyzers.gobinary.headerOutside': 'a string header lies outside the loaded segments',
  'analyzers.gobinary.stringTooLong': 'a string of {size} bytes is too long',
  'analyzers.gobinary.stringOutside': 'a string lies outside the loaded segments',
  // Rust binaries (cargo-auditable.ts)
  'analyzers.cargoAuditable.notJson': '{path}: the cargo-auditable dependency list is not JSON, skipped',
  'analyzers.cargoAuditable.inflate': '{path}: the cargo-auditable dependency list cannot be decompressed ({error}): skipped',
  'analyzers.cargoAuditable.noPackages': '{path}: the cargo-auditable dependency list has no packages: skipped',
  'analyzers.cargoAuditable.unnamed.one': '{path}: {count} cargo-auditable entry without name or version skipped',
  'analyzers.cargoAuditable.unnamed.many': '{path}: {count} cargo-auditable entries without name or version skipped',
  // Java archives (java.ts)
  'analyzers.java.notRead': '{path}: {reason}: not read',
  'analyzers.java.inflatedAlready': '{name}: the archive has inflated {max} bytes already (a zip bomb?)',
  'analyzers.java.fromFileName':
    '{path}: no pom.properties and no Maven coordinates in MANIFEST.MF: listed as {artifact} {version} from its file name, group unknown',
  'analyzers.java.unidentified': '{path}: no pom.properties, no Maven coordinates in MANIFEST.MF and no version in its name: not listed',
  'analyzers.java.unidentified.hint': '{path}: no pom.properties, no Maven coordinates in MANIFEST.MF and no version in its name: not listed ({hint})',
  'analyzers.java.manifestNames': 'MANIFEST.MF names "{title}"',
  'analyzers.java.manifestNames.version': 'MANIFEST.MF names "{title}" {version}',
  'analyzers.java.tooDeep': '{path}: {count} archive(s) nested deeper than {max} levels: not read',
  'analyzers.java.badRecord': '{path}: unreadable archive record, skipped',
  // the zip reader (../zip.ts): why an archive or one of its entries was not read
  'analyzers.zip.tooShort': 'too short to be a zip archive',
  'analyzers.zip.noEnd': 'no end of central directory (not a zip archive, or truncated)',
  'analyzers.zip.zip64': 'zip64 archives are not read',
  'analyzers.zip.tooManyEntries': '{count} entries, over the limit of {max}',
  'analyzers.zip.corruptDirectory': 'the central directory is corrupt',
  'analyzers.zip.noLocalHeader': '{name}: local header missing',
  'analyzers.zip.pastEnd': '{name}: runs past the end of the archive',
  'analyzers.zip.entryTooLarge': '{name}: {size} bytes, over the limit of {max}',
  'analyzers.zip.method': '{name}: compression method {method} is not read',
  'analyzers.zip.bomb': '{name}: expands beyond {max} bytes (a zip bomb?)',
  'analyzers.zip.cannotInflate': '{name}: cannot inflate ({error})',
  // lockfiles and manifests (lockfile.ts and its users): a file skipped, and entries counted but not listed
  'analyzers.lockfile.skipped': '{path}: {why}: skipped',
  'analyzers.lockfile.invalid': 'not valid {format} ({error})',
  'analyzers.lockfile.noPackagesElement': 'no <packages> element',
  'analyzers.lockfile.noDependencies': 'no "dependencies" object',
  'analyzers.lockfile.noPackages': 'no "packages"',
  'analyzers.lockfile.notYarn': 'not a yarn lockfile',
  'analyzers.lockfile.noProject': 'no <project> element',
  'analyzers.lockfile.unlisted.one': '{path}: {count} entry {why}: not listed',
  'analyzers.lockfile.unlisted.many': '{path}: {count} entries {why}: not listed',
  'analyzers.unlisted.unusable': 'without a usable name and version',
  'analyzers.unlisted.noNameOrVersion': 'without name or version',
  'analyzers.unlisted.notPinned': 'not pinned with == (ranges, URLs, paths)',
  'analyzers.unlisted.notRegistryVersion': 'without a registry version (file: or link:)',
  'analyzers.unlisted.unresolved': 'without a resolved version',
  'analyzers.unlisted.unpinned': 'without a pinned version (VCS or path installs)',
  'analyzers.unlisted.notRegistryPackage': 'that are not registry packages (links, files, tarballs)',
  'analyzers.unlisted.undecided': 'whose version a parent POM, a BOM or a range decides (not read offline)',
  // go.mod (gomod.ts)
  'analyzers.gomod.localReplace': "{path}: {count} module(s) replaced by a local directory (the project's own code): not listed",
});
