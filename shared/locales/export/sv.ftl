# Ord som bara servern skriver: exporterade filer (CSV, text, SVG, PNG och
# PDF), på kartans språk, och namnen den ger en ny workshops rum. Sidorna
# hämtar aldrig den här delen.

## CSV-kolumnernas rubriker

csv-stage = Skede
csv-lane = Rad
csv-kind = Typ
csv-text = Text
csv-author-role = Författarens roll
csv-emotion = Känsla
csv-emotion-word = Ord för känslan
csv-votes = Röster
csv-room = Rum

## Antal

export-stages = { $n ->
    [one] 1 skede
   *[other] { $n } skeden
}
export-lanes = { $n ->
    [one] 1 rad
   *[other] { $n } rader
}
export-cards = { $n ->
    [one] 1 kort
   *[other] { $n } kort
}
export-arrows = { $n ->
    [one] 1 pil
   *[other] { $n } pilar
}
export-votes = { $n ->
    [one] 1 röst
   *[other] { $n } röster
}
export-feelings = { $n ->
    [one] 1 känsla
   *[other] { $n } känslor
}

## Textsammanfattningen (också beskrivningen av bilderna)

summary-holds = En karta över en vårdresa med { $stages }, { $lanes } och { $cards }.
summary-felt = kändes { $feeling }
summary-stage = Skede { $number } av { $count }: { $name } ({ $cards })
summary-unsorted = Inte längre i något skede eller någon rad:
summary-arrows = Pilar:
summary-curve = Hur det kändes, skede för skede (från −2 mycket dåligt till +2 mycket bra):
summary-no-feelings = inga känslor än
summary-average = { $average } från { $feelings }
summary-curve-stage = { $stage }: patienter och närstående { $lived }; vårdpersonal { $staff }
summary-votes = Röster ({ $votes } var):
summary-no-votes = Inga röster än.
summary-votes-hidden = Röstning: antalen är inte visade än.

## På den ritade kartan

drawn-how-it-felt = Hur det kändes
drawn-lived = — patienter och närstående
drawn-staff = - - vårdpersonal
drawn-unsorted = Inte längre i något skede eller någon rad
drawn-from-room = Från { $room }
drawn-felt = Kändes: { $feeling } ({ $value })

## PDF:en

pdf-page = Sida { $number } av { $count }
pdf-exported-on = Exporterad { $date }
pdf-made-with = En karta över en vårdresa, gjord tillsammans i Comap.
pdf-actions = Åtgärder
pdf-actions-continued = Åtgärder (fortsättning)
pdf-action-detail = Vem: { $who } · Senast: { $by }

## Datum ("5 januari 2027")

date-long = { $day } { $month } { $year }
month-1 = januari
month-2 = februari
month-3 = mars
month-4 = april
month-5 = maj
month-6 = juni
month-7 = juli
month-8 = augusti
month-9 = september
month-10 = oktober
month-11 = november
month-12 = december

## En workshops filer

csv-action-what = Vad
csv-action-who = Vem (roll)
csv-action-by = Senast
csv-respondent = Svarande
csv-question = Fråga
csv-answer = Svar
csv-name = Namn
csv-role = Roll
csv-answered = Besvarad (UTC)
file-actions = Åtgärder
file-reflections = Reflektioner
missing-heading = Utelämnat ur den här exporten:
missing-map-gone = { $room }: kartan finns inte längre
missing-not-drawn = den kunde inte ritas

## Namnen servern ger en ny workshops rum

room-default-name = Rum { $n }
plenary-name = Gemensam karta
