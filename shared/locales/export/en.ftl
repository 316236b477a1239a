# The words only the server writes: exported files (CSV, text, SVG, PNG
# and PDF), in the map's language, and the names it gives a new workshop's
# rooms. Pages never fetch this part.

## CSV column headings

csv-stage = Stage
csv-lane = Lane
csv-kind = Kind
csv-text = Text
csv-author-role = Author role
csv-emotion = Emotion
csv-emotion-word = Emotion word
csv-votes = Votes
csv-room = Room

## Counts

export-stages = { $n ->
    [one] 1 stage
   *[other] { $n } stages
}
export-lanes = { $n ->
    [one] 1 lane
   *[other] { $n } lanes
}
export-cards = { $n ->
    [one] 1 card
   *[other] { $n } cards
}
export-arrows = { $n ->
    [one] 1 arrow
   *[other] { $n } arrows
}
export-votes = { $n ->
    [one] 1 vote
   *[other] { $n } votes
}
export-feelings = { $n ->
    [one] 1 feeling
   *[other] { $n } feelings
}

## The text summary (also the description of the drawings)

summary-holds = A care pathway map with { $stages }, { $lanes } and { $cards }.
summary-felt = felt { $feeling }
summary-stage = Stage { $number } of { $count }: { $name } ({ $cards })
summary-unsorted = Not in a stage or lane any more:
summary-arrows = Arrows:
summary-curve = How it felt, stage by stage (from −2 very bad to +2 very good):
summary-no-feelings = no feelings yet
summary-average = { $average } from { $feelings }
summary-curve-stage = { $stage }: patients and carers { $lived }; health professionals { $staff }
summary-votes = Votes ({ $votes } each):
summary-no-votes = No votes yet.
summary-votes-hidden = Voting: the counts are not revealed yet.

## On the drawn map

drawn-how-it-felt = How it felt
drawn-lived = — patients and carers
drawn-staff = - - professionals
drawn-unsorted = Not in a stage or lane any more
drawn-from-room = From { $room }
drawn-felt = Felt: { $feeling } ({ $value })

## The PDF

pdf-page = Page { $number } of { $count }
pdf-exported-on = Exported on { $date }
pdf-made-with = A care pathway map made together with Comap.
pdf-actions = Actions
pdf-actions-continued = Actions (continued)
pdf-action-detail = Who: { $who } · By: { $by }

## Dates ("5 January 2027")

date-long = { $day } { $month } { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## A workshop's files

csv-action-what = What
csv-action-who = Who (role)
csv-action-by = By when
csv-respondent = Respondent
csv-question = Question
csv-answer = Answer
csv-name = Name
csv-role = Role
csv-answered = Answered (UTC)
file-actions = Actions
file-reflections = Reflections
missing-heading = Left out of this export:
missing-map-gone = { $room }: the map no longer exists
missing-not-drawn = it could not be drawn

## The names the server gives a new workshop's rooms

room-default-name = Room { $n }
plenary-name = Plenary
