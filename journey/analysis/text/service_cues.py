"""What customers say when a service fails or works: phrases a general lexicon misses.

A general sentiment lexicon scores "still waiting for my refund" or "parcel left at the wrong
door" as neutral, since no word in them is negative; customer-service comments are full of such
phrases. Each cue is a regular expression over the comment's words (lower-cased, joined by one
space, punctuation kept as its own word) with a valence on the lexicon's −4 … +4 scale. Cues are
found left to right, and where several start at the same word the first in the list wins, so
idioms such as "couldn't be happier" come before the negation rule that would read them
backwards.
"""

import re

NUMBER = (
    r"(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"several|many|few|a few|a couple of|couple of|half an?)"
)
SPAN = r"(?:hours?|hrs?|days?|weeks?|wks?|months?|mins?|minutes?|fortnight)"
NEGATED = (
    r"(?:never|not|didn't|did not|hasn't|has not|haven't|have not|wasn't|isn't|doesn't|won't|"
    r"wouldn't|couldn't|can't|cannot|don't|aren't|weren't|still hasn't|still not)"
)
ACTION = (
    r"(?:arrive[sd]?|come|came|turn(?:ed)? up|show(?:ed)? up|work(?:s|ed|ing)?|load(?:s|ed)?|"
    r"download|let|take|accept|change|open|connect|answer(?:ed)?|repl(?:y|ied)|respond(?:ed)?|"
    r"ring back|call(?:ed)? back|get through|receive[ds]?|fix(?:ed)?|update[ds]?|recline|"
    r"make it|made it|tell|told|explain(?:ed)?|give|gave|move|cleared|happen(?:ed)?|"
    r"refund(?:ed)?|deliver(?:ed)?|ask(?:ed)? for|order(?:ed)?|log ?in(?:to)?|sign in|reset|"
    r"process(?:ed)?|send|sent|honou?r|help(?:ed)?|care|look|listen(?:ed)?|bother(?:ed)?|"
    r"show|load up|go through|went through|pick up|picked up)"
)

# (pattern, valence). Positive idioms first, then failures, then the weaker hints.
CUES: tuple[tuple[str, float], ...] = (
    # Idioms whose words read the other way.
    (r"thanks for nothing|cheers for nothing|thank you for nothing", -2.5),
    (r"couldn't care less|could not care less|never again|not again", -2.5),
    (
        r"(?:couldn't|could not|can't|cannot) (?:be happier|fault|complain|ask for more|"
        r"have asked for more|recommend (?:\w+ )?enough)",
        2.5,
    ),
    (r"never let (?:me|us) down|never had (?:a |any )?(?:single )?(?:problem|issue|drop)s?", 2.2),
    (r"(?:didn't|did not|doesn't|does not|wasn't|won't) take long", 1.5),
    (r"(?:can't|cannot|couldn't) wait(?! (?:any|for|much|long|more|till|until))", 2.0),
    (rf"took (?:only |just )?(?:{NUMBER} )?(?:minutes?|mins?|seconds?)", 1.2),
    # A wish, not praise: "would love a refund", "I'd appreciate a call back".
    (r"(?:would|i'd|we'd) (?:love|like|appreciate)", 0.0),
    (r"(?:didn't|did not|don't|never) (?:have|had|need|needed) to wait", 1.8),
    (
        r"no (?:complaints?|problems?|issues?|fuss|hassle|lag|questions asked)|"
        r"not (?:a|one) (?:single )?(?:complaint|problem|issue)|nothing to complain about|"
        r"hassle free",
        2.0,
    ),
    (r"above and beyond|out of (?:his|her|their|your) way|top guy|top notch|spot on", 2.5),
    (r"life ?saver|rock solid|just works|actually worked|worked perfectly|seamless(?:ly)?", 2.0),
    (
        r"(?:will|would|'ll|definitely) (?:definitely )?(?:fly|use|shop|order|buy|come|book|"
        r"travel|choose)(?: \w+){0,2} again",
        2.0,
    ),
    (r"in one piece|as (?:promised|described|pictured|asked|expected)|on time|painless", 1.5),
    (rf"(?:early|within {NUMBER} ?{SPAN}|within (?:minutes|the hour|an hour))", 1.2),
    (r"straight away|right away|in no time|speedy|prompt(?:ly)?|quick(?:ly)?|fast(?:er|est)?", 1.2),
    (r"sorted|fixed (?:it|my|the|in|within|everything)|resolved|tid(?:y|ied)|reliable", 1.2),
    # Sarcasm and exasperation.
    (r"what a (?:surprise|joke|shambles)|surprise surprise|as usual|here we go again", -2.0),
    (
        r"(?:seriously|really|honestly|come on|unbelievable) [?!]|come on$|are you kidding|"
        r"no thanks|how (?:hard|difficult) (?:is|can)|how many (?:more )?times",
        -1.8,
    ),
    (r"(?:is|was|are|were) a joke|joke of a|a work of fiction|daylight robbery|rip ?off", -2.5),
    # Waiting and lateness.
    (
        r"still (?:waiting|no|nothing|not|hasn't|haven't|can't|don't|isn't|doesn't|stuck|without)",
        -2.0,
    ),
    (r"and counting|it's been (?:a |over )?" + NUMBER + " " + SPAN, -1.5),
    (
        rf"(?:waiting|waited|wait|queued|queuing|queueing|sat|sitting|stuck|stranded|hold|"
        rf"holding|listening|trying)(?: \w+){{0,3}} (?:for )?(?:over |nearly |almost |about )?"
        rf"{NUMBER} ?{SPAN}",
        -1.8,
    ),
    (
        rf"{NUMBER} ?{SPAN} (?:waiting|on hold|in the queue|queuing|stuck|sitting|sat|"
        r"on the (?:runway|tarmac|phone))",
        -1.8,
    ),
    (rf"(?:for|after) (?:over |nearly |almost |about )?{NUMBER} ?{SPAN}", -1.0),
    (
        rf"took (?:{NUMBER} )?(?:hours?|hrs?|days?|weeks?|months?|fortnight)|"
        rf"{NUMBER} ?{SPAN} (?:late|later|behind|overdue|now|without)",
        -1.3,
    ),
    (
        r"delay(?:ed|s)?|delayd|late|later than|overdue|behind schedule|pushed back|postponed|"
        r"rescheduled|keeps? (?:moving|pushing|changing)|running late|stranded|stuck|grounded",
        -1.6,
    ),
    (r"on hold|hold music|holding music|(?:supposed|meant) to|promised|was due|were due", -1.2),
    # Things that went missing, broke or failed.
    (
        rf"{NEGATED} (?:\w+ ){{0,1}}{ACTION}",
        -1.5,
    ),
    (
        r"lost|losing|loses|missing|disappeared|vanished|nowhere to be found|no sign of|stolen|"
        r"cracked|smashed|shattered|crushed|dented|ripped|torn|snapped|in pieces|broken|broke|"
        r"breaks|damaged|soaked|leak(?:s|ing)?|wilted|stale|mouldy|moldy|faulty|defective|"
        r"fell apart|falls apart|came apart|shr[au]nk|stopped working|out of order|"
        r"crash(?:ed|es|ing)?|froze|freezes|frozen|error|errors|glitch(?:es)?|spins forever|"
        r"locked out|logs? me out|logging me out|empty box|half dead|deleted|expired|wiped|"
        r"tim(?:es|ed|ing) out|keeps? \w+ing",
        -1.6,
    ),
    (
        r"filthy|dirty|disgusting|sticky|smel(?:ly|led|t)|stank|stinks|freezing|cold|cramped|"
        r"tight|uncomfortable|inedible|overpriced|flimsy|cheap|slow|sluggish|buffering|"
        r"drops? out|dropping out|cutting out|cuts? out|keeps? dropping|unreliable|patchy|"
        r"non ?existent|no (?:signal|internet|connection|wifi|service)|outages?|downhill|"
        r"(?:is|was|went|goes|been) down|down again|nightmare|rubbish|a mess",
        -1.5,
    ),
    # Nobody answers.
    (
        r"(?:no|zero|not a single|not one|without (?:any|an?|my)?) ?(?:reply|replies|response|"
        r"answer|update|updates|explanation|warning|notice|word|email|call|callback|help|"
        r"apology|contact|information|info|communication|feedback|food|refund|compensation|"
        r"hotel|permission|idea|human|person)",
        -1.6,
    ),
    (
        r"nobody|no one|noone|hung up|hangs up|hang up|went dead|cut off|disconnected|rang out|"
        r"rings out|voicemail|in circles|loops? back|back at the start|unanswered|ignored|"
        r"ignoring|ignores|ghosted|fobbed off|different answers|automated repl(?:y|ies)|"
        r"nothing back|impossible to|useless|pointless|waste of|wasted|for nothing|chat ?bots?",
        -1.6,
    ),
    # Money.
    (
        r"over ?charged|double charged|charged|taken twice|twice|hidden (?:fees?|charges?|costs?)|"
        r"(?:price|prices|bill|fees?|rate) (?:went up|gone up|rises?|increased?|doubled|hike|"
        r"dropped)|price (?:rise|hike)|costing double|money back|chargeback|rejected|refused|"
        r"denied|declined",
        -1.4,
    ),
    (r"fees?|charges?", -0.6),
    # Mistakes.
    (
        r"wrong|someone else's|somebody else's|isn't mine|not mine|wasn't mine|instead of|"
        r"random person|other side of town|never asked for|not what i ordered",
        -1.6,
    ),
    # Attitude.
    (
        r"rolled (?:their|her|his) eyes|shout(?:ed|ing)|yell(?:ed|ing)|swore|sighed|tutted|"
        r"talk(?:ed|ing|s)? over|laughed|condescending|dismissive|patroni[sz]ing|arrogant|"
        r"aggressive|accused|like (?:a|an) (?:criminal|nuisance|idiot)|like (?:i|we) (?:was|were) "
        r"(?:stupid|an idiot|lying)|shrugged|on (?:her|his|their) phone",
        -2.0,
    ),
    # Cancellation.
    (
        r"cancel(?:l?ed|ling|ing|lation)?|canceld|scrapped|axed|called off|no longer|binned|"
        r"withdrawn|blocked|closed (?:my|our) account|terminated|suspended",
        -1.6,
    ),
    (r"missed (?:my|our|the) (?:connection|flight|train|appointment)", -1.6),
    # Repetition is what turns a hiccup into a complaint.
    (r"yet again|once again|every (?:single )?time|again|yet another|another", -0.8),
    (r"(?:third|fourth|fifth|sixth|\d+(?:st|nd|rd|th)) (?:time|one)", -1.0),
    (r"(?:^|[.!?] )why", -1.0),
)

# One pass over the comment: at each word the first cue in the list that matches there wins.
CUE_PATTERN = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(rf"(?P<c{i}>{pattern})" for i, (pattern, _) in enumerate(CUES))
    + r")(?![\w'])"
)
CUE_VALENCE = {f"c{i}": valence for i, (_, valence) in enumerate(CUES)}

# Words a general lexicon scores that mean little in a service comment ("please help",
# "I'd like to know", "free", "a huge box"), with the valence they get instead.
OVERRIDES: dict[str, float] = {
    "please": 0.0,
    "help": 0.0,
    "rock": 1.5,
    "rocks": 1.5,
    "like": 0.0,
    "want": 0.0,
    "sure": 0.0,
    "no": 0.0,
    "kind": 0.8,
    "free": 0.8,
    "pay": 0.0,
    "huge": 0.0,
    "pretty": 0.0,
    "well": 0.0,
    "care": 0.0,
    "joke": -1.2,
    "top": 0.0,
    "fan": 0.0,
    "lol": 0.6,
    "save": 0.5,
    "yes": 0.5,
    "ok": 0.6,
    "okay": 0.6,
    "fine": 0.6,
    "miss": 0.0,
    "hand": 0.0,
    "dead": -1.5,
    "fraud": 0.0,
    "stolen": -1.0,
    "issue": -1.0,
    "issues": -1.0,
    "special": 0.8,
    "drop": 0.0,
    "cut": 0.0,
    "thx": 1.5,
    "hope": 0.3,
    "hoping": 0.3,
    "wish": 0.0,
}

# Praise words that turn sarcastic next to a complaint ("Great, another delay").
SARCASM_PRONE = frozenset(
    """great brilliant fantastic love loved lovely thanks thank wonderful amazing awesome
    perfect nice highlight impressive professional excellent superb cheers well done fab
    marvellous genius""".split()
)

# Words that say the failure was put right, so the praise beside it is meant.
RECOVERY = frozenset(
    """sorted fixed resolved found apologised apologized refunded quickly quick fast handled
    managed updated helped rebooked replaced posted""".split()
)

# Openers of a question or request: the words in it ask, they do not judge (unless the
# question is a complaint: "why", "how hard is it to…", which are cues above).
QUESTION_OPENERS = re.compile(
    r"^(?:hi |hello |hey )?(?:can|could|do|does|did|is|are|was|will|would|how|what(?! an? )|what's|"
    r"when|which|who|whom|whose|i'd like|i would like|just wondering|wondering|please|may|"
    r"should|shall|any idea|is there|are there|need to|i need to|i want to|i'd)(?![\w'])"
)
