# Comap's words in English that only the facilitator's page uses: the home
# page (making maps and workshops) and the workshop's dashboard. The
# participants' page does not carry them; see docs/translating.md.

tagline = Map a care pathway together: patients, carers and professionals, in real time.
create-map = Create a map
template = Template
creating = Creating…
map-ready = Your map is ready
participant-link = Link for participants
participant-link-help = Share this with everyone who will add cards: patients, carers and professionals.
view-link = View-only link
view-link-help = For people who should see the map but not change it.
facilitator-link = Your facilitator link
facilitator-link-help = Keep this one private: it can also delete the map. Save it somewhere safe.
copy = Copy
copied = Copied
copy-failed = Could not copy: select the link and copy it yourself.
open-map = Open the map
create-workshop = Run a workshop with breakout rooms
create-workshop-lead = One map per room, plus a plenary map for everyone. You get a private dashboard with every room's join code and links.
workshop-title = Workshop title
room-count = Number of breakout rooms (1 to 50)
room-names = Room names (optional)
room-names-help = One name per line, as many as there are rooms. Leave empty for Room 1, Room 2 and so on.
with-plenary = Also make a plenary map for everyone
keep-days = Keep the maps for this many days
rooms-number = Please give the number of rooms as a whole number from 1 to 50.
days-number = Please give the number of days as a whole number.
create-workshop-button = Create the workshop
copy-label = Copy { $what }
workshop-link = Your dashboard link
workshop-link-help = Keep this link private: it opens this dashboard and every room as facilitator. Bookmark it to come back.
rooms = Rooms
join-code-is = Join code:
room-edit-help = Send this to the people in this room: they can add and change cards.
room-view-help = Lets people look at this room's map without changing it.
delete-workshop = Delete workshop
delete-workshop-title = Delete this whole workshop?
delete-everything = Delete everything
keep-workshop = Keep the workshop
workshop-deleted = The workshop and all its maps have been deleted. People in the rooms have been told.
send-notice = Send a notice
notice-text = Notice
notice-help = For example: 10 minutes left. Everyone in the rooms sees it at once.
notice-to = Send to
all-rooms = All rooms
send = Send
timer = Timer
no-timer = No timer is set.
timer-minutes-label = Minutes
timer-minutes = Please give the minutes as a whole number from 1 to 240.
start-timer = Start timer
pause-timer = Pause timer
resume-timer = Resume timer
add-five-minutes = Add 5 minutes
stop-timer = Stop timer
lock-all = Lock all rooms
unlock-all = Unlock all rooms
room-is-locked = Locked: participants can look but not change the map.
room-is-open = Open for editing.
lock = Lock
unlock = Unlock
room-locked = Locked
room-full = Full
room-quiet = Quiet
open = Open
links-and-qr = Links and QR
workshop-controls = Workshop controls
show-qr = Show QR code
hide-qr = Hide QR code
bring-to-plenary = Bring to plenary
bring-help = Copies the rooms' cards into the plenary map: stages and lanes of the same name are merged, and each card shows which room it came from. Bringing a room again adds only its new cards.
rooms-to-bring = Rooms to bring
choose-rooms = Choose at least one room.
export-all = Export all
export-all-help = One ZIP file with every room's map as a picture (PNG), a document to print (PDF) and a spreadsheet (CSV), with the workshop's actions and the reflection's answers (CSV).
export-all-button = Download all rooms (ZIP)
preparing-zip = Preparing the ZIP of every room… A large workshop can take a minute; you can go on using the dashboard.
actions-help = Turn the plenary's most-voted ideas into actions: what will change, who will do it (a role, not a name) and by when. Actions are kept with the workshop and included in Export all.
top-ideas = Most-voted in the plenary
make-action = Make an action
action-what = What will be done
action-who = Who (a role)
action-who-help = For example "practice nurse" or "reception team", not a person's name.
action-by = By when
date-day = Day
date-month = Month
date-year = Year
add-action = Add action
action-added = Action added.
action-deleted = Action deleted.
no-actions = No actions yet.
action-list = The workshop's actions
reflection-help = A few questions for everyone in every room at the end of the session. People answer on their own screen; the answers appear here together.
reflection-questions = Questions
reflection-default-1 = What did you learn about working together?
reflection-default-2 = What surprised you?
reflection-default-3 = Whose voice was heard most, and least?
add-question = Add a question
answers-anonymous = Answers are anonymous (no names or roles are kept)
open-reflection = Open reflection for everyone
close-reflection = Close reflection
reflection-opened-for-all = The reflection is open: everyone in every room can answer now.
reflection-closed = The reflection is closed. The answers are kept.
reflection-is-anonymous = Answers are anonymous.
reflection-is-named = Answers keep each person's name, role and room.
reflection-answers = Answers
no-reflection-answers = No answers yet.
download-reflection = Download answers (CSV)
reflection-file = Reflections.csv
reflection-downloaded = The answers were downloaded.
join-hint = Participants can also go to { $url } and type their room’s join code.
copy-code-label = Copy the join code of { $room }
cards-summary = { $cards ->
    [0] No cards yet
    [one] 1 card, { $recent } in the last 5 minutes
   *[other] { $cards } cards, { $recent } in the last 5 minutes
}
no-activity = No activity yet
last-activity-now = Last activity less than a minute ago
last-activity-minutes = { $m ->
    [one] Last activity 1 minute ago
   *[other] Last activity { $m } minutes ago
}
last-activity-hours = { $h ->
    [one] Last activity 1 hour ago
   *[other] Last activity { $h } hours ago
}
thumbnail-alt = { $cards ->
    [0] Map of { $room }: no cards yet
    [one] Map of { $room }: 1 card
   *[other] Map of { $room }: { $cards } cards
}
open-room = Open { $room } as facilitator
workshop-delete-question = { $n ->
    [one] This deletes the map of 1 room ({ $rooms }) with every card on it, and the workshop's actions and reflection answers, at once and for good. People in the room are disconnected. Exports already downloaded are not affected.
   *[other] This deletes the maps of { $n } rooms ({ $rooms }) with every card on them, and the workshop's actions and reflection answers, at once and for good. People in the rooms are disconnected. Exports already downloaded are not affected.
}
notice-sent = { $n ->
    [one] Sent to 1 room.
   *[other] Sent to { $n } rooms.
}
room-links = Links and QR code of { $room }
lock-room = Lock { $room }
unlock-room = Unlock { $room }
qr-help = People can point a phone camera at this code to join { $room }.
qr-label = QR code to join { $room }
brought = Brought { $cards ->
        [one] 1 card
       *[other] { $cards } cards
    } from { $rooms ->
        [one] 1 room
       *[other] { $rooms } rooms
    } into the plenary.
zip-saved = Saved { $name }.
idea-line = { $text }: { $votes ->
        [one] 1 vote
       *[other] { $votes } votes
    }, from { $room }
idea-line-here = { $text }: { $votes ->
        [one] 1 vote
       *[other] { $votes } votes
    }
make-action-of = Make an action of: { $idea }
delete-action = Delete action: { $what }
question-label = Question { $n }
remove-reflection-question = Remove question { $n }
reflection-open-state = Open: { $n ->
        [0] nobody has answered yet
        [one] 1 person has answered
       *[other] { $n } people have answered
    }.
reflection-closed-state = Closed: { $n ->
        [0] nobody has answered yet
        [one] 1 person has answered
       *[other] { $n } people have answered
    }.

## The templates, as the home page offers them

template-patient-journey = Patient journey
template-service-blueprint = Service blueprint
template-emotional-mapping = Emotional mapping
template-blank = Blank

unexpected-answer = The server gave an unexpected answer.

## Who is in a room

nobody-here = Nobody here
people-patients = { $n ->
    [one] 1 patient
   *[other] { $n } patients
}
people-carers = { $n ->
    [one] 1 carer
   *[other] { $n } carers
}
people-professionals = { $n ->
    [one] 1 professional
   *[other] { $n } professionals
}
people-others = { $n ->
    [one] 1 other
   *[other] { $n } others
}

## A form that cannot be sent as it is

workshop-no-title = Please give the workshop a title.
workshop-long-title = The title is { $len } characters long; please keep it to { $max }.
workshop-rooms = A workshop has between { $min } and { $max } breakout rooms, not { $n }.
workshop-name-count = Give one name per room: { $given ->
    [one] 1 name
   *[other] { $given } names
} for { $rooms ->
    [one] 1 room
   *[other] { $rooms } rooms
}.
workshop-empty-name = Room { $n } needs a name.
workshop-long-name = The name of room { $n } is too long; please keep it to { $max } characters.
workshop-same-name = The same room name is used twice: “{ $name }”.
workshop-expiry = Maps can be kept between 1 and { $max } days, not { $asked }.
action-no-what = Please say what will be done.
action-long-what = Please keep what will be done to { $max } characters.
action-no-who = Please say who will do it: a role, such as “practice nurse”, not a name.
action-long-who = Please keep who will do it to { $max } characters.
action-bad-date = Please choose the day, month and year it should be done by (a day that exists: not 31 April).
reflection-no-questions = A reflection needs at least one question.
reflection-too-many = A reflection has at most { $max } questions.
reflection-long-question = Question { $n } is too long; please keep it to { $max } characters.
refusal-no-reflection = No reflection has been opened in this workshop yet.
refusal-actions-full = This workshop already keeps { $max } actions, as many as it can.
refusal-notice-empty = Please write the notice.
refusal-notice-too-long = Please keep the notice to { $max } characters.
refusal-no-plenary = This workshop has no shared map to bring the rooms together on.
refusal-not-a-breakout-room = Choose breakout rooms of this workshop, not the shared map.
refusal-no-room-chosen = Choose at least one room.
refusal-workshop-too-large = This workshop is too large to export at once. Export its rooms one by one.
