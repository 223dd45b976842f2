/** The questions the playground opens with, one tab each: the coverage gaps first, then ATT&CK lookups. */
export const examples: { query: string; variables?: string }[] = [
  {
    query: `# Welcome to attack-kg. Press the run button (or Ctrl-Enter).
# Once API keys exist, add {"Authorization": "Bearer <key>"} under Headers below.
# Which techniques, on which platforms, have hosts that no monitored log source covers?
query Gaps {
  coverage(query: { onlyGaps: true, minState: MONITORED }, first: 100) {
    totalCount
    release
    nodes {
      technique { attackId name tactics { shortname } }
      platform hostsTotal hostsCovered hostsBlind coverageRatio noAttackGuidance
    }
  }
}
`,
  },
  {
    query: `# Threat-informed: what APT29 uses that our Windows fleet is blind to
query Apt29BlindSpots {
  coverage(query: { group: "APT29", platforms: ["Windows"], onlyGaps: true }, first: 500) {
    totalCount
    nodes { technique { attackId name } hostsBlind hostsTotal }
  }
}
`,
  },
  {
    query: `# What to collect next: log sources ranked by the blind (technique, host) pairs they would close
query NextLogSources {
  recommendations(query: { platforms: ["Windows"] }, limit: 10) {
    logSource { id name channel }
    name channel blindPairs
    closes { technique { attackId name } hostsBlind }
  }
}
`,
  },
  {
    query: `# Per tactic: techniques covered everywhere, partially, nowhere
query Matrix {
  tacticMatrix { tactic { shortname name } techniques covered partial uncovered }
}
`,
  },
  {
    query: `# Credential-access techniques on Windows in the newest enterprise release
query CredentialAccessOnWindows {
  techniques(filter: { tactic: "credential-access", platform: "Windows" }, first: 50) {
    totalCount
    nodes { attackId name isSubtechnique platforms }
  }
}
`,
  },
  {
    query: `# What is imported, and which release each query uses by default
query Releases {
  attackReleases { domain version specVersion techniqueCount importedAt isDefault }
  syncStatus { schedule nextRunAt running lastRun { trigger ok message finishedAt } }
}
`,
  },
  {
    query: `# How ATT&CK says to detect PowerShell, per platform, down to event IDs (v18+)
query DetectPowerShell($id: ID!) {
  technique(id: $id) {
    attackId name
    detectionByPlatform {
      platform
      dataComponents { attackId name }
      logSources { name channel }
    }
  }
}
`,
    variables: '{ "id": "T1059.001" }',
  },
  {
    query: `# What a threat group uses, with its software
query Group($name: String!) {
  groups(text: $name) {
    attackId name aliases
    techniques { attackId name tactics { shortname } }
    software { attackId name type }
  }
}
`,
    variables: '{ "name": "APT29" }',
  },
  {
    query: `# What changed between two imported releases, and which of our gaps opened or closed
query WhatChanged($from: String!, $to: String!) {
  releaseDiff(domain: "enterprise-attack", from: $from, to: $to) {
    coverageDelta {
      becameGaps { technique { attackId name } platform before { hostsBlind } after { hostsBlind hostsTotal } }
      stoppedBeingGaps { technique { attackId name } platform before { hostsBlind hostsTotal } after { hostsBlind } }
    }
    added { attackId name }
    revoked { attackId name replacedBy }
    deprecated { attackId name }
    renamed { technique { attackId } from to }
    tacticsChanged { technique { attackId } added removed }
    platformsChanged { technique { attackId } added removed }
    detectionChanged { technique { attackId } platform dataComponentsAdded { name } dataComponentsRemoved { name } }
  }
}
`,
    variables: '{ "from": "17.1", "to": "18.1" }',
  },
];
