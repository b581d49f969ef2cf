#!/usr/bin/env python3
"""Writes primer's built-in demo corpus (pipelines/src/main/resources/dev/primer/demo/corpus/).

Template sentences with person, location and organisation names in six languages, in two of the
formats `stage` reads (PAN-X `token<TAB>tag` with `lang:` prefixes, and CoNLL-2002 `token POS tag`
with -DOCSTART- lines), plus a few deliberately malformed lines and one duplicate per file, so the
demo exercises dead letters, repair and deduplication. Deterministic: rerunning gives the same bytes.

    python3 pipelines/demo-corpus/generate.py
"""
import gzip
import os
import random

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "main", "resources", "dev", "primer", "demo", "corpus")

PER = {
    "en": ["John Smith", "Mary Johnson", "Alice", "Robert Brown", "Emma Wilson", "David Clark", "Sarah", "James Taylor", "Linda Moore", "Peter"],
    "de": ["Hans Müller", "Anna Schmidt", "Jürgen Weber", "Katrin", "Stefan Fischer", "Monika Becker", "Lukas", "Petra Wagner", "Uwe Hoffmann", "Greta"],
    "fr": ["Jean Dupont", "Marie Curie", "Sophie Martin", "Pierre", "Luc Bernard", "Claire Dubois", "Hélène", "François Moreau", "Élise Laurent", "Antoine"],
    "sw": ["Juma Hassan", "Amina Mohamed", "Baraka", "Neema Mwangi", "Salim Otieno", "Zawadi", "Rehema Ali", "Hamisi Juma", "Furaha", "Daudi Kamau"],
    "es": ["Juan García", "María López", "Carmen", "José Martínez", "Lucía Fernández", "Pablo", "Ana Sánchez", "Miguel Torres", "Isabel Ruiz", "Diego"],
    "nl": ["Jan de Vries", "Sanne Jansen", "Pieter", "Emma Bakker", "Daan Visser", "Femke", "Lars Smit", "Anouk Meijer", "Bram", "Sophie de Boer"],
}
LOC = {
    "en": ["London", "New York", "Paris", "Kenya", "Texas", "the Thames", "Berlin", "Chicago", "Scotland", "Lake Victoria"],
    "de": ["Berlin", "München", "Hamburg", "Österreich", "der Rhein", "Köln", "Frankfurt am Main", "Bayern", "Wien", "Dresden"],
    "fr": ["Paris", "Lyon", "Marseille", "la Seine", "Bordeaux", "Québec", "Genève", "Nice", "Toulouse", "Bretagne"],
    "sw": ["Nairobi", "Mombasa", "Dar es Salaam", "Tanzania", "Kenya", "Zanzibar", "Arusha", "Kisumu", "Uganda", "Dodoma"],
    "es": ["Madrid", "Barcelona", "Sevilla", "México", "Buenos Aires", "Valencia", "Bilbao", "Colombia", "Granada", "Lima"],
    "nl": ["Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Groningen", "België", "Eindhoven", "Friesland", "Leiden", "Maastricht"],
}
ORG = {
    "en": ["Microsoft", "the United Nations", "BBC", "Oxford University", "Acme Corporation", "the Red Cross", "Google", "Reuters"],
    "de": ["Siemens", "die Deutsche Bahn", "Volkswagen", "Bayer", "die Bundeswehr", "Lufthansa", "Adidas", "das Rote Kreuz"],
    "fr": ["Renault", "la SNCF", "Air France", "Le Monde", "Total", "Michelin", "l' UNESCO", "Peugeot"],
    "sw": ["Safaricom", "Benki ya Dunia", "Umoja wa Mataifa", "Chuo Kikuu cha Nairobi", "Kenya Airways", "Tusker", "Vodacom", "Msalaba Mwekundu"],
    "es": ["Telefónica", "el Real Madrid", "Iberia", "Repsol", "la ONU", "El País", "Banco Santander", "Zara"],
    "nl": ["Philips", "Ajax", "Shell", "KLM", "Heineken", "de Universiteit Utrecht", "ING", "Albert Heijn"],
}
TEMPLATES = {
    "en": ["{PER} lives in {LOC} .", "{PER} works for {ORG} .", "{ORG} opened an office in {LOC} .", "Yesterday {PER} visited {LOC} .",
           "{PER} met {PER} in {LOC} .", "The report by {ORG} was published today .", "{PER} said that {ORG} will grow .", "It rained in {LOC} all week .",
           "{ORG} hired {PER} last year .", "We travelled from {LOC} to {LOC} .", "According to {PER} , the market is stable .", "Nobody knows where the keys are ."],
    "de": ["{PER} wohnt in {LOC} .", "{PER} arbeitet bei {ORG} .", "{ORG} eröffnet ein Büro in {LOC} .", "Gestern besuchte {PER} {LOC} .",
           "{PER} traf {PER} in {LOC} .", "Der Bericht von {ORG} erschien heute .", "{PER} sagte , dass {ORG} wächst .", "In {LOC} regnete es die ganze Woche .",
           "{ORG} stellte {PER} ein .", "Wir fuhren von {LOC} nach {LOC} .", "Laut {PER} ist der Markt stabil .", "Niemand weiß , wo die Schlüssel sind ."],
    "fr": ["{PER} habite à {LOC} .", "{PER} travaille chez {ORG} .", "{ORG} ouvre un bureau à {LOC} .", "Hier , {PER} a visité {LOC} .",
           "{PER} a rencontré {PER} à {LOC} .", "Le rapport de {ORG} est paru aujourd'hui .", "{PER} a dit que {ORG} va croître .", "Il a plu à {LOC} toute la semaine .",
           "{ORG} a embauché {PER} .", "Nous sommes allés de {LOC} à {LOC} .", "Selon {PER} , le marché est stable .", "Personne ne sait où sont les clés ."],
    "sw": ["{PER} anaishi {LOC} .", "{PER} anafanya kazi {ORG} .", "{ORG} imefungua ofisi {LOC} .", "Jana {PER} alitembelea {LOC} .",
           "{PER} alikutana na {PER} huko {LOC} .", "Ripoti ya {ORG} imetolewa leo .", "{PER} alisema kwamba {ORG} itakua .", "Mvua ilinyesha {LOC} wiki nzima .",
           "{ORG} ilimwajiri {PER} mwaka jana .", "Tulisafiri kutoka {LOC} hadi {LOC} .", "Kwa mujibu wa {PER} , soko ni imara .", "Hakuna anayejua funguo ziko wapi ."],
    "es": ["{PER} vive en {LOC} .", "{PER} trabaja para {ORG} .", "{ORG} abrió una oficina en {LOC} .", "Ayer {PER} visitó {LOC} .",
           "{PER} conoció a {PER} en {LOC} .", "El informe de {ORG} se publicó hoy .", "{PER} dijo que {ORG} crecerá .", "Llovió en {LOC} toda la semana .",
           "{ORG} contrató a {PER} .", "Viajamos de {LOC} a {LOC} .", "Según {PER} , el mercado es estable .", "Nadie sabe dónde están las llaves ."],
    "nl": ["{PER} woont in {LOC} .", "{PER} werkt bij {ORG} .", "{ORG} opent een kantoor in {LOC} .", "Gisteren bezocht {PER} {LOC} .",
           "{PER} ontmoette {PER} in {LOC} .", "Het rapport van {ORG} verscheen vandaag .", "{PER} zei dat {ORG} groeit .", "In {LOC} regende het de hele week .",
           "{ORG} nam {PER} aan .", "We reisden van {LOC} naar {LOC} .", "Volgens {PER} is de markt stabiel .", "Niemand weet waar de sleutels zijn ."],
}
ARTICLES = {"the", "der", "die", "das", "la", "le", "l'", "el", "de"}
SIZES = {"train": 48, "dev": 16}
PANX = ["en", "de", "fr", "sw"]
CONLL = {"es": "esp", "nl": "ned"}


def fill(lang, template, rng):
    tokens, tags = [], []
    for piece in template.split():
        if piece in ("{PER}", "{LOC}", "{ORG}"):
            kind = piece[1:-1]
            name = rng.choice({"PER": PER, "LOC": LOC, "ORG": ORG}[kind][lang]).split()
            if name[0] in ARTICLES and len(name) > 1:  # the article stays outside the entity
                tokens.append(name[0]); tags.append("O"); name = name[1:]
            for i, word in enumerate(name):
                tokens.append(word); tags.append(("B-" if i == 0 else "I-") + kind)
        else:
            tokens.append(piece); tags.append("O")
    return tokens, tags


def sentences(lang, split):
    rng = random.Random(f"{lang}-{split}-primer-demo")
    out, seen = [], set()
    while len(out) < SIZES[split]:
        tokens, tags = fill(lang, rng.choice(TEMPLATES[lang]), rng)
        key = (tuple(tokens), tuple(tags))
        if key not in seen:
            seen.add(key); out.append((tokens, tags))
    return out


def write(path, data: bytes):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def panx_file(lang, split):
    lines = []
    sents = sentences(lang, split)
    for n, (tokens, tags) in enumerate(sents):
        prefix = f"{lang}:" if lang in ("en", "sw") else ""  # XTREME-style prefixes in two files
        lines += [f"{prefix}{t}\t{g}" for t, g in zip(tokens, tags)] + [""]
        if split == "train" and n == 5:  # malformed: a line with three columns
            lines += [f"{prefix}Broken\tO\textra", f"{prefix}line\tO", ""]
        if split == "train" and n == 9:  # malformed: an empty token
            lines += [f"{prefix}Empty\tO", f"\tO", ""]
        if split == "train" and n == 13:  # repairable: I- after O
            lines += [f"{prefix}Visit\tO", f"{prefix}{LOC[lang][0].split()[-1]}\tI-LOC", f"{prefix}.\tO", ""]
        if split == "train" and n == 17:  # an exact duplicate of the first sentence
            tokens0, tags0 = sents[0]
            lines += [f"{prefix}{t}\t{g}" for t, g in zip(tokens0, tags0)] + [""]
    text = ("\n".join(lines) + "\n").encode("utf-8")
    if split == "train" and lang == "de":  # malformed: bytes that are not UTF-8
        text += b"Kaputt\xff\xfe\tO\n.\tO\n\n"
    if split == "train" and lang == "fr":  # malformed: a tag outside IOB2
        text += "Mauvais\tX-LOC\n.\tO\n\n".encode("utf-8")
    return text


POS = {"PER": "NP", "LOC": "NP", "ORG": "NP"}


def conll_file(lang, split):
    lines = ["-DOCSTART- -X- O", ""]
    for n, (tokens, tags) in enumerate(sentences(lang, split)):
        for t, g in zip(tokens, tags):
            pos = POS.get(g[2:], "Fp" if t in ".,;" else "NC")
            lines.append(f"{t} {pos} {g}")
        lines.append("")
        if split == "train" and n == 7:  # malformed: a line with a missing tag column
            lines += ["Sin", ""]
        if split == "train" and n == 11:  # malformed: an unknown tag
            lines += ["Extraño NC B-", ". Fp O", ""]
    return ("\n".join(lines) + "\n").encode("utf-8")


def main():
    written = []
    for lang in PANX:
        for split in SIZES:
            data = panx_file(lang, split)
            write(os.path.join(OUT, f"panx/{split}-{lang}.tsv"), data)
            written.append(f"panx/{split}-{lang}.tsv")
    for lang, prefix in CONLL.items():
        for split, suffix in (("train", "train"), ("dev", "testa")):
            data = conll_file(lang, split)
            # train files gzip (as the real CoNLL files here), dev files plain: stage reads both.
            name = f"conll2002/{prefix}.{suffix}" + (".gz" if split == "train" else "")
            write(os.path.join(OUT, name), gzip.compress(data, mtime=0) if split == "train" else data)
            written.append(name)
    # The launcher copies the files listed here out of the jar (a jar cannot be listed portably).
    write(os.path.join(OUT, "INDEX"), ("\n".join(sorted(written)) + "\n").encode("utf-8"))


if __name__ == "__main__":
    main()
