"""Sentence segmentation on real sentences: from the seed documents (the 2020 NGO statement, the
2025 articles) and from UN documents, with the initials, abbreviations (para., p., No., Mr.,
U.N.), ellipses and quotations that pysbd alone gets wrong.

Each paragraph is written as its sentences; joined with spaces, it must come back as exactly
those sentences."""

from __future__ import annotations

import pytest

from dossier.statement.markdown import parse_statement
from dossier.statement.sentences import read_blocks

PARAGRAPHS: list[list[str]] = [
    # The writer's sentence of the issue: a witness's initial in lower case.
    [
        "On 27 July 2025 Mehdi Hassani and Behrouz Ehsani were executed, as ghezel hesar "
        "witness k. confirmed.",
        "Their families were not told.",
    ],
    # Initials in lower case, followed by a comma: no sentence begins with one.
    [
        "A prison witness, k. m., confirmed that 30 prisoners were hanged in one day.",
        "In 1988, according to a guard, r. s.; the families were not told.",
        "Their graves were not marked.",
    ],
    [
        "Witness K. Rahimi confirmed the date.",
        "Witness A.B. gave the names of the guards.",
    ],
    # Seed 002: the 2020 written statement.
    [
        "We appeal to the United Nations (UN) and its Member States to investigate the 1988 "
        "massacre of political prisoners in the Islamic Republic of Iran and to hold the "
        "perpetrators of that ‘ongoing crime against humanity’ accountable.",
        "Their corpses were doused with disinfectant, packed in refrigerated trucks, and buried "
        "at night in mass graves across the country.",
    ],
    [
        "United States of America (U.S.) State Department spokesperson Morgan Ortagus on 17 "
        "July 2020 called on the international community to conduct independent investigations "
        "into the 1988 massacre and to provide accountability and justice.",
        "She said: “July 19th marks the anniversary of the start of Iran's so-called ‘Death "
        "Commissions.’ On the orders of Ayatollah Khomeini, these commissions reportedly "
        "forcibly disappeared, and extrajudicially executed, thousands of political dissident "
        "prisoners.”",
    ],
    [
        "An investigation in 2017 by London-based NGO, Justice for the Victims of the 1988 "
        "Massacre in Iran (JVMI), uncovered the identities of 87 Death Commission members.",
        "Many still hold senior positions in the Iranian Judiciary or government.",
        "They include Judiciary Chief Ebrahim Raisi and Justice Minister Alireza Avaei.",
    ],
    [
        "In its report “Blood-soaked secrets: Why Iran’s 1988 prison massacres are ongoing "
        "crimes against humanity,” Amnesty International called on the UN to set up an "
        "independent investigation to help bring those responsible to justice.",
        "The fatwa issued by Iran’s Supreme Leader has never been rescinded.",
    ],
    [
        "UN High Commissioner for Human Rights, Zeid Ra’ad Al Hussein, told NGOs on 9 March "
        "2018: “The 88 massacre, the allegations of the massacres in 88, the summary executions "
        "and enforced disappearances of thousands of political prisoners – men, women and "
        "children – we have received a great deal of information from you. … And the "
        "recommendations have been made to the national authorities to investigate "
        "independently and impartially.”",
        "The fatwa has never been rescinded.",
    ],
    [
        "Reuters reported on 23 December 2019: \"After days of protests across Iran last month, "
        "Supreme Leader Ayatollah Ali Khamenei appeared impatient. … About 1,500 people were "
        "killed during less than two weeks of unrest that started on November 15\".",
        "Human rights group believe as many as 12,000 protesters have been arrested.",
    ],
    [
        "The Wall Street Journal reported on 24 November 2019: “‘We have caught all the "
        "mercenaries who explicitly confessed that they are mercenaries of the U.S. and the "
        "MeK,’ Ali Fadavi, deputy commander of Iran’s Islamic Revolutionary Guard Corps, told "
        "reporters in Tehran on Sunday.”",
        "“‘The judicial system will give them the maximum punishment,’ Mr. Fadavi said, the "
        "ISNA news agency reported.”",
    ],
    [
        "In August 2020, political prisoner Mostafa Salehi was executed by the Iranian "
        "Judiciary for his role during the anti-government protests of 2018.",
        "He was one of a number of protesters to have been sentenced to death in recent months.",
        "Thousands of other protesters are also at risk of being secretly executed in the "
        "country’s prisons.",
    ],
    [
        "Crimes against humanity are not bound by the statute of limitations, and even though "
        "the 1988 massacre was perpetrated 32 years ago, it is still prosecutable today.",
        "Iranian officials brazenly claim Khomeini’s fatwa still stands against the PMOI "
        "dissidents.",
        "The perpetrators of the 1988 massacre today run the Iranian government and Judiciary.",
        "The survivors are still alive, and the evidence is all readily available.",
    ],
    # Seeds 000, 001 and 003: the 2025 articles.
    [
        "On 19 Nov. 2025, the UN Third Committee adopted its first resolution recognizing the "
        "1988 massacre of political prisoners in Iran.",
        "The vote passed with 79 countries in favor, 28 against, and 63 abstentions.",
    ],
    [
        "They urged Dr. Mai Sato, the UN Special Rapporteur on Iran, and the UN’s Independent "
        "International Fact-Finding Mission to act.",
        "In a message to the Human Rights Conference in Geneva, Mrs. Maryam Rajavi, "
        "President-elect of the National Council of Resistance of Iran, spoke of the victims.",
        "Mrs. Rajavi recalled the assassination of Prof. Kazem Rajavi in Geneva.",
    ],
    [
        "A coalition of 301 international experts has issued an urgent warning to the United "
        "Nations and its member states.",
        "In a joint statement released on July 23, 2025, the signatories emphasized that the "
        "risk was real.",
    ],
    [
        "During the bloodshed in the summer of 1988, the Iranian regime killed more than 30,000 "
        "political prisoners.",
        "Most of those affected were members and supporters of the Organization of People’s "
        "Mojahedin of Iran (PMOI/MEK).",
    ],
    # UN documents: reports, resolutions and their notes.
    [
        "Between July and August 1988, thousands of political prisoners, men, women and "
        "teenagers, were reportedly executed pursuant to a fatwa issued by the then Supreme "
        "Leader, Ayatollah Khomeini.",
        "A three-man commission was reportedly created with a view to determining who should "
        "be executed.",
    ],
    [
        "Over the years, a high number of reports have been issued about the 1988 massacres.",
        "If the number of persons who disappeared and were executed can be disputed, "
        "overwhelming evidence shows that thousands of persons were summarily killed.",
        "Recently, these killings have been acknowledged by some at the highest levels of the "
        "State.",
    ],
    [
        "The Special Rapporteur refers to his previous report (A/HRC/37/24, para. 45).",
        "See also A/72/322, paras. 104 and 105.",
        "The Human Rights Committee, in its general comment No. 36 (2018), para. 12, recalls "
        "that the right to life must not be interpreted narrowly.",
    ],
    [
        "See Human Rights Committee, general comment No. 31 (2004), para. 18.",
        "The Committee refers to communication No. 2120/2011, Kovaleva and Kozyar v. Belarus, "
        "Views adopted on 29 October 2012, para. 11.3.",
    ],
    [
        "The Secretary-General remains concerned by the difficulty the families faced in "
        "obtaining information about the 1988 events (see A/HRC/37/24, p. 5).",
        "OHCHR continued to receive letters from families of the victims.",
    ],
    [
        "The Special Rapporteur met Mr. Javaid Rehman and Ms. Asma Jahangir’s former staff in "
        "Geneva.",
        "He also met representatives of the U.N. Office on Drugs and Crime.",
    ],
    [
        "In its resolution 72/189, the General Assembly urged the Government to ensure that "
        "no one is subjected to enforced disappearance.",
        "The resolution was adopted by a recorded vote of 81 to 30, with 70 abstentions.",
    ],
    [
        "Article 6 (2) of the International Covenant on Civil and Political Rights permits the "
        "death penalty only for the most serious crimes, i.e. crimes of extreme gravity "
        "involving intentional killing.",
        "Drug-related offences do not meet that threshold (see art. 6, para. 2).",
    ],
    [
        "The witnesses said that the prisoners were taken away... none came back.",
        "The guards were told to say nothing.",
    ],
    [
        "The Working Group transmitted 5 cases to the Government under its urgent action "
        "procedure (see A/HRC/45/13, annex I).",
        "The Government replied on 3 Sept. 2020.",
    ],
    [
        "She told the Council: “They were taken at night. None of them came back.”",
        "The authorities denied it.",
    ],
    # French and Spanish sentences of UN documents, segmented with the English rules too.
    [
        "Le Rapporteur spécial renvoie à son rapport précédent (A/HRC/37/24, par. 45).",
        "M. Rehman a rencontré les familles des victimes.",
    ],
]


def test_the_table_holds_at_least_fifty_real_sentences():
    assert sum(len(p) for p in PARAGRAPHS) >= 50


@pytest.mark.parametrize("sentences", PARAGRAPHS, ids=lambda p: p[0][:40])
def test_a_paragraph_splits_into_its_sentences(sentences):
    text = " ".join(sentences)
    assert split(text) == sentences


def split(text: str) -> list[str]:
    """`text`'s sentences, as a statement of that one paragraph is read. Straight quotation
    marks become curly ones on the way, one character for one, so each sentence is shown as
    written here, by its place in `text`."""
    [block] = read_blocks(parse_statement(text, "statement.md", "en"), "en")
    assert len(block.text) == len(text)
    return [text[s.start : s.end].strip() for s in block.sentences]
