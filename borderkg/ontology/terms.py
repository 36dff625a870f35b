"""BorderKG ontology terms as an rdflib DefinedNamespace.

Generated from borderkg.ttl and kept in step with it by tests/ontology/test_terms.py: a term
that is not in the ontology fails at once (``_fail = True``).
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class BKG(DefinedNamespace):
    """Classes and properties of https://w3id.org/borderkg/ontology#."""

    _fail = True
    _NS = Namespace("https://w3id.org/borderkg/ontology#")

    # Classes
    AcademicInstitution: URIRef  # Academic institution
    ActivityFile: URIRef  # IATI activity file
    AdvisoryTeam: URIRef  # Advisory team
    BorderGuard: URIRef  # Border guard service
    BorderPolice: URIRef  # Border police
    Country: URIRef  # Country
    CountryOffice: URIRef  # Country office
    Coverage: URIRef  # Coverage
    CustomsService: URIRef  # Customs service
    DatedName: URIRef  # Dated name
    DirectorateGeneral: URIRef  # Directorate-general
    EUAgency: URIRef  # EU agency
    EUInstitution: URIRef  # EU institution
    EUMission: URIRef  # EU mission
    Event: URIRef  # Event
    Evidence: URIRef  # Evidence
    FieldVisit: URIRef  # Field visit
    FormerCountry: URIRef  # Former country
    FundingProgramme: URIRef  # Funding programme
    GovernmentBody: URIRef  # Government body
    IATICode: URIRef  # IATI code
    Ingest: URIRef  # Ingest
    IngestRun: URIRef  # Ingest run
    InternationalOrganisation: URIRef  # International organisation
    Location: URIRef  # Location
    MatchCandidate: URIRef  # Match candidate
    Meeting: URIRef  # Meeting
    Ministry: URIRef  # Ministry
    MinistryDepartment: URIRef  # Ministry department
    MonetaryAmount: URIRef  # Monetary amount
    NGO: URIRef  # Non-governmental organisation
    NationalGovernment: URIRef  # National government
    NetworkAnalysis: URIRef  # Network analysis
    NewsItem: URIRef  # News item
    Organisation: URIRef  # Organisation
    OrganisationKind: URIRef  # Organisation kind
    OrganisationMention: URIRef  # Organisation mention
    OrganisationalUnit: URIRef  # Organisational unit
    Participation: URIRef  # Participation
    Person: URIRef  # Person
    PlannedDisbursement: URIRef  # Planned disbursement
    PoliceService: URIRef  # Police service
    PrivateSectorOrganisation: URIRef  # Private-sector organisation
    Project: URIRef  # Project
    ProjectMatch: URIRef  # Project match
    ProjectMerge: URIRef  # Project merge
    ProjectPage: URIRef  # Project page
    ProjectStatus: URIRef  # Project status
    ProjectType: URIRef  # Project type
    Region: URIRef  # Region
    Role: URIRef  # Role
    Share: URIRef  # Share
    SourceDocument: URIRef  # Source document
    SupranationalUnion: URIRef  # Supranational union
    Training: URIRef  # Training
    Transaction: URIRef  # Transaction
    UNAgency: URIRef  # UN agency
    UnresolvedName: URIRef  # Unresolved name

    # Properties
    accountableOrganisation: URIRef  # object property: accountable organisation
    acronym: URIRef  # datatype property: acronym
    activityId: URIRef  # datatype property: activity id
    actualEnd: URIRef  # datatype property: actual end
    actualStart: URIRef  # datatype property: actual start
    affiliation: URIRef  # object property: affiliation
    amount: URIRef  # datatype property: amount
    analysisMethod: URIRef  # datatype property: analysis method
    asWritten: URIRef  # datatype property: as written
    basedIn: URIRef  # object property: based in
    beneficiaryGroup: URIRef  # datatype property: beneficiary group
    betweennessCentrality: URIRef  # datatype property: betweenness centrality
    budgetType: URIRef  # object property: budget type
    burtConstraint: URIRef  # datatype property: Burt's constraint
    childActivity: URIRef  # object property: child activity
    coFundedActivity: URIRef  # object property: co-funded activity
    collaborationType: URIRef  # object property: collaboration type
    community: URIRef  # datatype property: community
    contentHash: URIRef  # datatype property: content hash
    coordinatedBy: URIRef  # object property: coordinated by
    coordinates: URIRef  # datatype property: coordinates
    coverage: URIRef  # object property: coverage
    coversCountry: URIRef  # object property: covers country
    coversRegion: URIRef  # object property: covers region
    currency: URIRef  # datatype property: currency
    channelCategory: URIRef  # object property: channel category
    dacChannelCode: URIRef  # datatype property: DAC channel code
    degreeCentrality: URIRef  # datatype property: degree
    derivedLabel: URIRef  # annotation property: derived label
    describedIn: URIRef  # object property: described in
    description: URIRef  # datatype property: description
    durationMonths: URIRef  # datatype property: duration in months
    effectiveSize: URIRef  # datatype property: effective size
    eigenvectorCentrality: URIRef  # datatype property: eigenvector centrality
    endDate: URIRef  # datatype property: end date
    equivalentAmount: URIRef  # object property: equivalent amount
    evidenceFor: URIRef  # object property: evidence for
    expectedResult: URIRef  # datatype property: expected result
    extendedBy: URIRef  # object property: extended by
    fileName: URIRef  # datatype property: file name
    fundedBy: URIRef  # object property: funded by
    flaggedDate: URIRef  # datatype property: flagged date
    fundingYear: URIRef  # datatype property: funding year
    hasAssociatePartner: URIRef  # object property: has associate partner
    hasAttendee: URIRef  # object property: has attendee
    hasBeneficiary: URIRef  # object property: has beneficiary
    hasBudget: URIRef  # object property: has budget
    hasBudgetLine: URIRef  # object property: has budget line
    hasLocation: URIRef  # object property: has location
    hasParticipant: URIRef  # object property: has participant
    hasParticipation: URIRef  # object property: has participation
    hasPartner: URIRef  # object property: has partner
    hasPlannedDisbursement: URIRef  # object property: has planned disbursement
    hasShare: URIRef  # object property: has share
    hasTransaction: URIRef  # object property: has transaction
    hasValue: URIRef  # object property: has value
    hostedBy: URIRef  # object property: hosted by
    humanitarian: URIRef  # datatype property: humanitarian
    iatiCode: URIRef  # datatype property: IATI code
    iatiCodelist: URIRef  # datatype property: IATI codelist
    iatiIdentifier: URIRef  # datatype property: IATI identifier
    iatiOrganisationId: URIRef  # datatype property: IATI organisation identifier
    iatiOrganisationType: URIRef  # datatype property: IATI organisation type
    iatiVersion: URIRef  # datatype property: IATI version
    identifier: URIRef  # datatype property: identifier
    impliedPercentage: URIRef  # datatype property: implied percentage
    implementedBy: URIRef  # object property: implemented by
    inCountry: URIRef  # object property: in country
    hasDatedName: URIRef  # object property: has dated name
    hasMention: URIRef  # object property: has mention
    ingestRecords: URIRef  # object property: ingest records
    involves: URIRef  # object property: involves
    iomProjectId: URIRef  # datatype property: IOM project ID
    iso3166Part3Code: URIRef  # datatype property: ISO 3166-3 code
    isoAlpha2: URIRef  # datatype property: ISO 3166-1 alpha-2 code
    isoAlpha3: URIRef  # datatype property: ISO 3166-1 alpha-3 code
    isoNumeric: URIRef  # datatype property: ISO 3166-1 numeric code
    jobTitle: URIRef  # datatype property: job title
    kindClass: URIRef  # annotation property: kind class
    language: URIRef  # datatype property: language
    loader: URIRef  # datatype property: loader
    locationRef: URIRef  # datatype property: location reference
    matchMethod: URIRef  # datatype property: match method
    matchRule: URIRef  # datatype property: match rule
    matchScore: URIRef  # datatype property: match score
    matchedProject: URIRef  # object property: matched project
    mentionKey: URIRef  # datatype property: mention key
    mentionRole: URIRef  # object property: mention role
    mentionedOrganisation: URIRef  # object property: mentioned organisation
    mentionsCountry: URIRef  # object property: mentions country
    mentionsAmount: URIRef  # object property: mentions amount
    mentionsOrganisation: URIRef  # object property: mentions organisation
    mentionsProject: URIRef  # object property: mentions project
    networkKind: URIRef  # datatype property: network kind
    organisationKind: URIRef  # object property: organisation kind
    otherIdentifier: URIRef  # datatype property: other identifier
    pageRank: URIRef  # datatype property: PageRank
    parentActivity: URIRef  # object property: parent activity
    participant: URIRef  # object property: participant
    participantCountry: URIRef  # object property: participant country
    percentage: URIRef  # datatype property: percentage
    periodEnd: URIRef  # datatype property: period end
    periodStart: URIRef  # datatype property: period start
    placeName: URIRef  # datatype property: place name
    plannedEnd: URIRef  # datatype property: planned end
    plannedStart: URIRef  # datatype property: planned start
    primaId: URIRef  # datatype property: PRIMA ID
    projectType: URIRef  # object property: project type
    providerOrganisation: URIRef  # object property: provider organisation
    published: URIRef  # datatype property: published
    quote: URIRef  # datatype property: quote
    receiverOrganisation: URIRef  # object property: receiver organisation
    relatedProject: URIRef  # object property: related project
    relevanceBasis: URIRef  # datatype property: relevance basis
    relevanceEvidence: URIRef  # object property: relevance evidence
    relevantTo: URIRef  # object property: relevant to
    reportedBy: URIRef  # object property: reported by
    role: URIRef  # object property: role
    sector: URIRef  # object property: sector
    shareOf: URIRef  # object property: share of
    siblingActivity: URIRef  # object property: sibling activity
    sourceField: URIRef  # datatype property: source field
    sourceUrl: URIRef  # datatype property: source URL
    startDate: URIRef  # datatype property: start date
    status: URIRef  # object property: status
    subOrganisationOf: URIRef  # object property: sub-organisation of
    successorOrganisation: URIRef  # object property: successor organisation
    succeededBy: URIRef  # object property: succeeded by
    supportedBy: URIRef  # object property: supported by
    template: URIRef  # datatype property: template
    thirdPartyActivity: URIRef  # object property: third-party activity
    title: URIRef  # datatype property: title
    transactionDate: URIRef  # datatype property: transaction date
    transactionType: URIRef  # object property: transaction type
    unresolved: URIRef  # datatype property: unresolved
    userAssignedCode: URIRef  # datatype property: user-assigned code
    validFrom: URIRef  # datatype property: valid from
    validUntil: URIRef  # datatype property: valid until
    valueDate: URIRef  # datatype property: value date
    weightedDegree: URIRef  # datatype property: weighted degree


# Each term as a plain class attribute: the builders read terms hundreds of times per page,
# and DefinedNamespace's metaclass lookup costs ten times a plain attribute.
for _term in BKG.__annotations__:
    setattr(BKG, _term, BKG._NS[_term])
