// The English of what the version schemes say when they cannot order a version or read a range, by id;
// src/i18n/ja/versions.ts says it in Japanese. The version, the scheme and the operators are values.
import { defineMessages } from '../core/message.js';

export const versionMessages = defineMessages({
  'versions.invalid': 'invalid {scheme} version {input}: {reason}',
  'versions.invalid.hint': 'check the version string; the {scheme} scheme cannot order it',

  // shared reasons
  'versions.notString': 'not a string',
  'versions.empty': 'version string is empty',
  'versions.unknownScheme': 'unknown version scheme (known: {known})',

  // ranges: OSV events and comparator expressions
  'versions.event.oneKind': 'an OSV event must have exactly one of introduced, fixed, last_affected, limit',
  'versions.event.notString': 'OSV event "{kind}" must be a non-empty string',
  'versions.expr.emptyAlternative': 'empty alternative in version expression',
  'versions.expr.unreadable': 'cannot read a comparator at "{at}"',
  'versions.expr.unknownOperator': 'unknown operator {op}',

  // dpkg
  'versions.dpkg.spaces': 'version string has embedded spaces',
  'versions.dpkg.epochEmpty': 'epoch is empty',
  'versions.dpkg.epochNotNumber': 'epoch is not a number',
  'versions.dpkg.epochNegative': 'epoch is negative',
  'versions.dpkg.epochTooBig': 'epoch is too big',
  'versions.dpkg.nothingAfterColon': 'nothing after the colon',
  'versions.dpkg.revisionEmpty': 'revision is empty',
  'versions.dpkg.upstreamEmpty': 'upstream version is empty',

  // rpm, apk
  'versions.rpm.blanks': 'blanks or control characters in the version',
  'versions.apk.noDigit': 'does not start with a digit ({shape})',

  // semver, npm ranges
  'versions.semver.invalid': 'not a SemVer version (expected MAJOR.MINOR.PATCH[-pre][+build])',
  'versions.semver.range': 'not an npm version range',

  // pep440
  'versions.pep440.invalid': 'not a PEP 440 version',
  'versions.pep440.specifier': 'bad specifier: {reason}',
  'versions.pep440.notVersion': '"{text}" is not a PEP 440 version',
  'versions.pep440.local': 'a local version label is not allowed with this operator',
  'versions.pep440.unreadable': 'cannot read "{spec}"',
  'versions.pep440.prefixDev': 'a prefix match (.*) cannot name a development release',
  'versions.pep440.compatible': '~= needs at least two release segments',
  'versions.pep440.emptySpecifier': 'empty specifier',

  // language ecosystems
  'versions.go.invalid': 'not a Go module version',
  'versions.go.shape': 'not a Go module version (vMAJOR.MINOR.PATCH[-pre])',
  'versions.go.notSemver': 'not SemVer',
  'versions.maven.invalid': 'not a Maven version',
  'versions.gem.invalid': 'not a RubyGems version',
  'versions.gem.shape': 'not a RubyGems version (digits and letters separated by dots)',
  'versions.composer.invalid': 'not a Composer version',
  'versions.composer.shape': 'not a Composer version (MAJOR[.MINOR[.PATCH[.BUILD]]][-stability[N]][-dev], or a date)',
  'versions.composer.devBranch': 'a development branch, which has no place in the version order',
  'versions.nuget.invalid': 'not a NuGet version',
  'versions.nuget.parts': 'more than four numeric parts',
  'versions.nuget.shape': 'not a NuGet version (MAJOR[.MINOR[.PATCH[.REVISION]]][-label][+metadata])',
  'versions.nuget.tooBig': 'a numeric part above 2147483647',
  'versions.nuget.label': 'an empty pre-release label or one with characters other than letters, digits and hyphens',
  'versions.nuget.leadingZero': 'pre-release label "{label}" has a leading zero',
  'versions.nuget.metadata': 'empty build metadata or metadata with characters other than letters, digits and hyphens',
});
