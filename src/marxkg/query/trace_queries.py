"""The SPARQL behind `marxkg.trace` (kept apart so that trace.py holds only the logic).

Each query is standard SPARQL 1.1; its parameters (named in the comment above it) are bound
by `marxkg.query.sparql.inject_values`, never pasted into the text.
"""

PREFIXES = """PREFIX bibo: <http://purl.org/ontology/bibo/>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX mkg: <https://w3id.org/marxkg/ontology#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

# Cited passages of one volume (or split-volume part) of some editions
# (bound: ?edition — edition ids, the IRI path after /edition/; ?number; ?part, "" if none).
PASSAGES = PREFIXES + """
SELECT DISTINCT ?passage ?start ?end ?passageLabel
WHERE {
  ?collection a mkg:MarxCollection .
  FILTER(STRAFTER(STR(?collection), "/edition/") = ?edition)
  ?volume dcterms:isPartOf ?collection ; bibo:volume ?volumeNumber .
  FILTER(STR(?volumeNumber) = ?number)
  OPTIONAL { ?volume mkg:volumePart ?volumePart . }
  FILTER(COALESCE(STR(?volumePart), "") = ?part)
  ?passage a mkg:CitedPassage ; dcterms:isPartOf ?volume ;
           bibo:pageStart ?start ; bibo:pageEnd ?end .
  OPTIONAL { ?passage rdfs:label ?passageLabel . FILTER(langMatches(lang(?passageLabel), "zh")) }
}
ORDER BY xsd:integer(?start) ?passage
"""

# Everything about the citations of some passages (bound: ?passage).
CITATIONS = PREFIXES + """
SELECT ?passage ?citation ?characterization ?note ?noteLabel ?group ?noteZh ?noteEn
       ?quotation ?sentence ?begin ?zh ?en ?section ?docId ?docTitle
WHERE {
  ?citation cito:hasCitedEntity ?passage ;
            cito:hasCitingEntity ?sentence ;
            mkg:footnote ?note .
  OPTIONAL { ?citation cito:hasCitationCharacterization ?characterization . }
  ?note mkg:label ?noteLabel ; mkg:noteGroup ?group .
  OPTIONAL {
    ?note dcterms:isPartOf ?doc .
    BIND(STRAFTER(STR(?doc), "/doc/") AS ?docId)
    OPTIONAL { ?doc dcterms:title ?docTitle . FILTER(langMatches(lang(?docTitle), "zh")) }
  }
  OPTIONAL { ?note rdf:value ?noteZh . FILTER(langMatches(lang(?noteZh), "zh")) }
  OPTIONAL { ?note rdf:value ?noteEn . FILTER(langMatches(lang(?noteEn), "en")) }
  ?sentence nif:anchorOf ?zh ; nif:beginIndex ?begin .
  OPTIONAL { ?citation mkg:quotation ?q . ?q nif:anchorOf ?quotation . }
  OPTIONAL { ?enSentence mkg:translationOf ?sentence ; nif:anchorOf ?en . }
  OPTIONAL {
    ?sentence nif:superString ?block .
    { ?sec dcterms:hasPart ?block . } UNION { ?sec mkg:heading ?block . }
    ?sec a mkg:Section .
    BIND(STRAFTER(STR(?sec), "/section/") AS ?section)
  }
}
ORDER BY ?begin ?note ?citation
"""

# Concepts mentioned in some sentences, in order of first mention (bound: ?sentence).
SENTENCE_CONCEPTS = PREFIXES + """
SELECT ?sentence ?concept ?zh ?en (MIN(?b) AS ?first)
WHERE {
  ?mention itsrdf:taIdentRef ?concept ; nif:sentence ?sentence ; nif:beginIndex ?b .
  OPTIONAL { ?concept skos:prefLabel ?zh . FILTER(langMatches(lang(?zh), "zh")) }
  OPTIONAL { ?concept skos:prefLabel ?en . FILTER(langMatches(lang(?en), "en")) }
}
GROUP BY ?sentence ?concept ?zh ?en
ORDER BY ?sentence ?first ?concept
"""

# A concept by slug, IRI or label (bound: ?key).
FIND_CONCEPT = PREFIXES + """
SELECT DISTINCT ?concept ?zh ?en
WHERE {
  ?concept a skos:Concept .
  FILTER NOT EXISTS { ?concept a mkg:RelationKind . }
  FILTER NOT EXISTS { ?concept a mkg:Dimension . }
  OPTIONAL { ?concept skos:prefLabel|skos:altLabel|skos:hiddenLabel ?label .
             FILTER(LCASE(STR(?label)) = LCASE(?key)) }
  FILTER(BOUND(?label) || STR(?concept) = ?key
         || STRAFTER(STR(?concept), "/concept/") = ?key)
  OPTIONAL { ?concept skos:prefLabel ?zh . FILTER(langMatches(lang(?zh), "zh")) }
  OPTIONAL { ?concept skos:prefLabel ?en . FILTER(langMatches(lang(?en), "en")) }
}
ORDER BY ?concept
"""

# Marx passages cited for a concept (bound: ?concept): by sentences that mention it and
# cite a Marx page, and by the concept's own dcterms:source.
CONCEPT_SOURCES = PREFIXES + """
SELECT DISTINCT ?passage ?via ?sentence
WHERE {
  {
    ?mention itsrdf:taIdentRef ?concept ; nif:sentence ?sentence .
    ?citation cito:hasCitingEntity ?sentence ; cito:hasCitedEntity ?passage .
    ?passage a mkg:CitedPassage .
    BIND("mention" AS ?via)
  } UNION {
    ?concept dcterms:source ?passage .
    ?passage a mkg:CitedPassage .
    BIND("dcterms:source" AS ?via)
  }
}
"""

PASSAGE_INFO = PREFIXES + """
SELECT ?passage ?start ?end ?passageLabel ?work ?workZh ?workEn ?locationZh ?locationEn
       ?confidence ?volumeNumber ?collection
WHERE {
  ?passage bibo:pageStart ?start ; bibo:pageEnd ?end ; dcterms:isPartOf ?volume .
  ?volume bibo:volume ?volumeNumber ; dcterms:isPartOf ?collection .
  OPTIONAL { ?passage rdfs:label ?passageLabel . FILTER(langMatches(lang(?passageLabel), "zh")) }
  OPTIONAL {
    ?passage mkg:identifiedWork ?work .
    OPTIONAL { ?work rdfs:label ?workZh . FILTER(langMatches(lang(?workZh), "zh")) }
    OPTIONAL { ?work rdfs:label ?workEn . FILTER(langMatches(lang(?workEn), "en")) }
  }
  OPTIONAL { ?passage mkg:identifiedLocation ?locationZh .
             FILTER(langMatches(lang(?locationZh), "zh")) }
  OPTIONAL { ?passage mkg:identifiedLocation ?locationEn .
             FILTER(langMatches(lang(?locationEn), "en")) }
  OPTIONAL { ?passage mkg:identificationConfidence ?confidence . }
}
ORDER BY ?collection xsd:integer(?volumeNumber) xsd:integer(?start)
"""

# Labels of some works (bound: ?work): for identifications taken from the edition registry.
WORK_LABELS = PREFIXES + """
SELECT ?work ?workZh ?workEn
WHERE {
  OPTIONAL { ?work rdfs:label ?workZh . FILTER(langMatches(lang(?workZh), "zh")) }
  OPTIONAL { ?work rdfs:label ?workEn . FILTER(langMatches(lang(?workEn), "en")) }
}
ORDER BY ?work ?workZh ?workEn
"""
