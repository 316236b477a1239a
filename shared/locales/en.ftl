# Comap's words in English: the page, the facilitator's dashboard and the
# exports. Each message is looked up by its key; see docs/translating.md.

## The page's shared words

app-name = Comap
map-title = Map title
join-heading = Join this map
join-help = Your name and role are shown on the cards you add. A first name or a nickname is fine.
first-time = First time here? How it works
your-name = Your name
your-role = Your role
join = Join
name-needed = Please type your name (up to 60 characters).
role-needed = Please choose your role: it shows next to your cards, so everyone knows whose view each one is.
bad-link = This link is incomplete. Ask the person who shared it for the full link.
dashboard-unreachable = The workshop dashboard could not be loaded. Check the connection and reload the page.
add-card = Add card
stage = Stage
lane = Lane
kind = Kind
card-text = Card text
save-card = Save card
cancel = Cancel
edit = Edit
move = Move
delete = Delete
remove = Remove
edit-card = Edit card
move-card = Move card
delete-card = Delete card
delete-question = Delete this card? Everyone will stop seeing it.
view-only = View only: you can see this map but not change it.
loading-map = Loading the map…
readying-map = You can look at the map now; it will be ready to change in a moment.
people = People in this map
connecting = Connecting…
connected = Connected
reconnecting = Reconnecting…
offline = Offline — your changes are kept on this device
not-connected = Not connected
saved = Saved
saving = Saving…
not-saved-yet = Not on the server yet
follow = Follow
stop-following = Stop following
bring-everyone = Bring everyone here
brought-everyone = Everyone has been asked to look where you are.
go-there = Go there
not-now = Not now
someone = Someone
announce-changes = Announce changes
announce-hint = Read out other people's changes to screen readers
voting-started-news = Dot voting has started
votes-revealed-news = Vote results are now shown
voting-ended-news = Dot voting has ended
list-view = List view
board-view = Board view
change-place = Change place
board-tools = Zoom
board-region = The map
zoom-out = Zoom out
zoom-in = Zoom in
zoom-out-hint = Zoom out (key: −)
zoom-in-hint = Zoom in (key: +)
zoom-level = Zoom:
fit-map = Fit map
actual-size = Actual size
shortcuts = Single-key shortcuts
overview = Map overview
hide-overview = Hide the map overview (More brings it back)
overview-help = Where you are on the map. Click it to go there; with it selected, the arrow keys move the view.
text-needed = Please write something on the card.
inline-add-hint = Enter posts the card. Shift+Enter starts a new line. Esc closes.
inline-edit-hint = Enter saves. Shift+Enter starts a new line. Esc leaves the words as they were.
delete-map = Delete map
delete-map-question = Delete this map for everyone? All its cards will be gone for good. This cannot be undone.
facilitator-badge = Facilitator
no-such-page = There is no map at this address. Check the link you were given.
go-home = Go to the Comap home page
map-details = Map details
structure-open = Everyone can change the structure
structure-open-help = Off: only you (the facilitator) can rename the map and add, rename, move or remove stages and lanes. Everyone can still add and edit cards.
cards-kept = The page now shows the map as saved on the server; the cards you added were kept.
more = More
show-me = Show me
dismiss-arrival = Close this note
curve-scale = Higher: felt better
hide-side = Hide the side panels
show-side = Show the side panels (people, voting, feelings)
more-choices = More choices
save = Save
column-name-needed = Please type a name.
close = Close
unsorted = Unsorted
unsorted-help = Cards whose stage or lane was removed. Use Move to put each back on the map.
how-did-it-feel = How did it feel?
emotion-word = A word for the feeling (optional)
choose-emotion = Please choose one of the five feelings.
voice-balance = Voice balance
voice-balance-help = Cards by role: a mirror for the group, not a score.
emotion-curve = Emotion curve
emotion-curve-help = Average feeling at each stage, from -2 (very bad) to +2 (very good).
lived = Patients and carers
staff = Professionals
no-feelings = —
undo = Undo
redo = Redo
undo-hint = Undo your last change (Ctrl+Z)
redo-hint = Redo what you undid (Ctrl+Shift+Z)
undo-skipped = Someone has changed that since, so it was left as they made it. Nothing was undone.
title-needed = Please give the map a title.
model-gone = That is no longer on the map; someone may have just removed it.
arrow-to-itself = An arrow goes from one card to another, not to the same card.
arrow-exists = Those cards already have an arrow between them.
model-broken = The map could not be changed here. Please reload the page; nothing you have sent is lost.
connect = Connect
privacy-title = Is it all right to share this?
privacy-help = Everyone in this map can read cards, and maps end up in reports. You can leave out names, numbers and dates that identify someone.
post-anyway = Post anyway
display = Display
larger-text = Larger text
high-contrast = High contrast
drag-to-connect = Drag onto another card to draw an arrow
voting-needs-connection = Voting needs a connection to the server. Please try again when you are back online.
odd-answer = The server gave an unexpected answer. Please try again.
join-by-code = Join a workshop room
join-by-code-lead = Type the six-character code your facilitator gave you. Capitals, spaces and dashes do not matter.
join-code = Join code
join-code-help = For example: KCM QTX
code-format = A join code has six letters and digits, like KCM QTX. Please check it and try again.
join-room = Join the room
checking-code = Checking the code…
back-home = Back to the Comap home page
have-a-code = Have a join code? Join a workshop room
from-facilitator = From the facilitator:
dismiss = Dismiss
time-up = Time is up
locked = The facilitator has locked this room: you can look at the map but not change it for now. Anything you add will not be saved until it is unlocked.
locked-facilitator = This room is locked: only you, as facilitator, can change the map.
actions = Actions
reflection = Reflection
reflection-open-now = The facilitator has opened a reflection. Its questions are at the top of the page.
reflection-anonymous = Your answers are anonymous: your name is not kept with them. Answer as many questions as you like.
reflection-named = Your name and role are kept with your answers. Answer as many questions as you like.
send-answers = Send answers
reflection-closed-now = The facilitator has closed the reflection. Answers already sent are kept.
answer-one-question = Please answer at least one question.
sending-answers = Sending your answers…
answers-saved = Thank you: your answers are saved. You can change them and send them again while the reflection is open.
first-time-step-1 = The map is a big table. Each column is a stage of care, from first noticing a problem to living with it. Each row is one kind of thing, such as what matters to you or what went wrong.
first-time-step-2 = Press Add card to write something, or the + in any box to write it there. Your name and role are shown on what you write.
first-time-step-3 = Everyone in the meeting sees the same map and sees changes at once. You cannot break anything: Undo takes back your own last change.
first-time-step-4 = Every button works with the keyboard: Tab moves between them, Enter presses one. List view shows the map as a simple list.
first-time-step-5 = Larger text and High contrast, at the top of the page, make the map easier to read.
first-time-step-6 = Please do not write anyone’s full name, phone number, NHS number or date of birth on a card.

## Messages with values

quoted = “{ $title }”
add-to-stage = Add a card to { $stage }
in-cell = In { $stage }, { $lane }
card-count = { $n ->
    [0] (no cards)
    [one] (1 card)
   *[other] ({ $n } cards)
}
follow-person = Follow { $name }
stop-following-person = Stop following { $name }
is-editing = { $who } is editing
summoned-by = { $who } asks everyone to look at the same part of the map.
add-here = Add a card in { $stage }, { $lane }
person = { $name } ({ $role })
text-too-long = The text is { $len } characters; please keep it to { $max }.
kept-until = Kept until { $date }, then deleted.
stage-options = Options for stage { $name }
lane-options = Options for lane { $name }
curve-words = Patients and carers: { $lived }. Professionals: { $staff }.
feeling = { $emotion } ({ $signed })
feeling-with-word = { $emotion } ({ $signed }): { $word }
curve-cell = { $value } ({ $n ->
    [one] 1 feeling
   *[other] { $n } feelings
})
looks-like = This looks like { $what }: { $text }
no-room-with = No room has the code { $code } — check it with your facilitator.
time-left = Time left { $clock }
time-left-paused = Time left { $clock } (paused)
timer-running = The facilitator set the timer: { $clock } left.
timer-paused = The timer is paused with { $clock } left.
from-room = From { $room }
action-detail = Who: { $who } · By: { $by }
role-count = { $role }: { $n }

## Roles, kinds of card, feelings and templates

role-patient = Patient
role-carer = Family or carer
role-professional = Health professional
role-other = Other
kind-step = Step
kind-pain-point = Pain point
kind-idea = Idea
kind-feeling = Feeling
kind-what-matters = What matters
kind-question = Question
kind-strength = What works well
kind-note = Note
emotion-very-bad = Very bad
emotion-bad = Bad
emotion-neutral = Neither good nor bad
emotion-good = Good
emotion-very-good = Very good
looks-email = an e-mail address
looks-phone = a phone number
looks-nhs-number = an NHS number
looks-personal-number = a Swedish personal identity number
looks-date-of-birth = a date of birth

## The Language choice

language = Language
language-unavailable = { $language } could not be fetched just now (are you offline?). The page stays as it is; try again once connected.

## Announcements of others' changes (read out by screen readers)

news-card-added = { $who } added a card in { $place }. { $kind }: { $text }
news-card-removed = A card was deleted: { $text }
news-card-moved = A card moved to { $place }: { $text }
news-card-edited = A card now reads: { $text }
news-arrow-added = New arrow from { $from } to { $to }
news-stage-added = New stage: { $name }
news-lane-added = New lane: { $name }
news-title-changed = The map is now called { $title }
news-more-changes = { $n ->
    [one] and 1 more change
   *[other] and { $n } more changes
}

switch-on = On
switch-off = Off

## New maps and workshops


## Dot voting

voting = Dot voting
voting-help = Everyone gets a few votes to put on the ideas and pain points that matter most. Several votes on one card are fine.
votes-per-person = Votes per person
start-voting = Start voting
reveal-results = Reveal results
hide-results = Hide results
end-voting = End voting
results-hidden = Results are hidden until the facilitator reveals them.
voting-ended = Voting has ended.
voting-open = Voting is under way.
facilitator-runs-voting = The facilitator starts a round when the group is ready, and reveals the results.
top-cards = Top cards
no-votes-yet = No votes yet.
vote = Vote
none-left = No votes left
no-votes-left = You have no votes left: take one back from another card first.
only-votable = Show only ideas and pain points
people-voted = { $n ->
    [0] Nobody has voted yet.
    [one] 1 person has voted.
   *[other] { $n } people have voted.
}
take-back = Take back
votes-left = You have { $left } of { $budget } { $budget ->
    [one] vote
   *[other] votes
} left
your-votes = Your votes: { $n }
vote-count = { $n ->
    [one] 1 vote
   *[other] { $n } votes
}
vote-for = Vote for “{ $text }”
take-back-from = Take back a vote from “{ $text }”

## Arrows

draw-arrow = Draw arrow
arrow-to = Points to
arrow-label = Label (optional, e.g. “leads to”)
arrow-help = Choose the card this one leads to. With a mouse you can also drag the ⤳ handle of a card onto another card.
no-other-cards = There is no other card to point to yet.
edit-label = Edit label
edit-arrow-label = Edit label of arrow to { $target }
connect-title = Draw an arrow from “{ $text }”
card-choice = { $stage } · { $lane }: { $text }
arrow-out = → { $target }
arrow-out-labelled = → { $label }: { $target }
arrow-in = ← from { $source }
arrow-in-labelled = ← from { $source } ({ $label })
remove-arrow = Remove arrow to { $target }

## Stages, lanes, title and purpose

purpose = Purpose
purpose-help = Whose pathway? Which service? A sentence or two.
save-name = Save name
name = Name
add-stage = Add stage
add-lane = Add lane
remove-stage = Remove stage
remove-lane = Remove lane
stage-heading = Stage: { $name }
lane-heading = Lane: { $name }
move-left = Move left
move-right = Move right
move-up = Move up
move-down = Move down
remove-stage-question = Remove the stage “{ $name }”? { $n ->
    [0] It holds no cards.
    [one] It holds 1 card, which will be kept in the Unsorted tray.
   *[other] It holds { $n } cards, which will be kept in the Unsorted tray.
}
remove-lane-question = Remove the lane “{ $name }”? { $n ->
    [0] It holds no cards.
    [one] It holds 1 card, which will be kept in the Unsorted tray.
   *[other] It holds { $n } cards, which will be kept in the Unsorted tray.
}

## The Export menu

export = Export
export-choices = Export the map as
export-png = PNG image
export-svg = SVG image
export-pdf = PDF document
paper-a4 = A4
paper-a3 = A3
export-paper = Paper (PDF, landscape)
export-size = Image size (PNG)
size-normal = Normal
size-large = Large (for slides)
size-extra-large = Extra large (for print)
export-transparent = Transparent background
export-cover = Cover page (PDF)
export-csv = CSV spreadsheet
export-json = JSON data
export-text = Text summary
export-automerge = Automerge document
export-hint = Exports hold what is saved on the server. People's names are left out; their roles are kept.
exporting = Preparing { $what }…
export-working = Export in progress
seconds-so-far = { $n } s
exported = Downloaded “{ $file }”.

## When something goes wrong

unreachable = Could not reach the Comap server. Please try again.
server-refused = The server could not do that. Please try again.
cannot-save-file = This browser could not save the file.
not-connected-yet = Not connected to the map yet. Please try again.
error-bad-frame = The page and the server did not understand each other. Please reload the page.
error-unsupported-version = This page is older than the server. Please reload the page.
error-access-denied = This link cannot open this map. Ask whoever shared it for a new link.
error-read-only = This link can view the map but not change it.
error-bad-sync = The page and the server got out of step. If the map looks wrong, please reload the page.
error-hello-timeout = The connection took too long to start. The page is trying again.
error-bad-hello = Your name or role could not be used. Please reload the page and join again.
error-frame-too-large = That change is too large to send at once.
error-room-full = This map has as many people as it can take just now. The page keeps trying.
error-rate-limited = Too much was sent at once. Please reload the page.
error-invalid-change = That change is not valid for this map, so it was not saved. Please reload the page.
error-map-too-large = This map has reached the largest size the server keeps, so that change was not saved. Start a new map for more.
error-deleted = This map has been deleted.
error-server-restarting = The server is restarting. The page reconnects by itself in a moment.
error-server-busy = The server is busy just now. The page keeps trying.
error-too-many-connections = Too many connections from this network just now. The page keeps trying.
error-not-allowed = Only the facilitator can make that change on this map, so the page shows the map as it is.
error-vote-refused = That vote could not be counted.
error-internal = Something went wrong on the server. This page keeps your changes and sends them again when it reconnects.
refused-access = This link cannot do that. Ask whoever shared it for a new link.
refused-too-many = Too many tries from your network just now. Please wait a few minutes and try again.
refused-unavailable = The server cannot do that just now. Please try again later.
refused-internal = The server could not complete the request. Please try again.
refusal-reflection-closed = The facilitator closed the reflection before your answers arrived, so they were not kept.
refusal-reflection-full = This workshop already keeps { $max } answers, as many as it can, so yours were not kept.
refusal-image-too-large = This map is too large for a picture at { $scale }× size. Choose a smaller size, or the SVG or PDF export.
