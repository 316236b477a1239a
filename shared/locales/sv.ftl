# Comaps ord på svenska: sidan, handledarens översikt och exporterna.
# Varje meddelande slås upp med sin nyckel; se docs/translating.md.

## Sidans gemensamma ord

app-name = Comap
map-title = Kartans namn
join-heading = Gå med i kartan
join-help = Ditt namn och din roll visas på korten du lägger till. Ett förnamn eller smeknamn räcker.
first-time = Första gången? Så här fungerar det
your-name = Ditt namn
your-role = Din roll
join = Gå med
name-needed = Skriv ditt namn (högst 60 tecken).
role-needed = Välj din roll: den visas bredvid dina kort, så att alla vet vems synsätt varje kort är.
bad-link = Länken är inte hel. Be den som delade den om hela länken.
dashboard-unreachable = Workshopens översikt kunde inte laddas. Kontrollera anslutningen och ladda om sidan.
add-card = Lägg till kort
stage = Skede
lane = Rad
kind = Typ
card-text = Kortets text
save-card = Spara kortet
cancel = Avbryt
edit = Ändra
move = Flytta
delete = Ta bort
remove = Ta bort
edit-card = Ändra kortet
move-card = Flytta kortet
delete-card = Ta bort kortet
delete-question = Ta bort kortet? Ingen kommer att se det längre.
view-only = Endast visning: du kan se kartan men inte ändra den.
loading-map = Laddar kartan…
readying-map = Du kan titta på kartan nu; om en liten stund kan du också ändra den.
people = Personer i kartan
connecting = Ansluter…
connected = Ansluten
reconnecting = Ansluter igen…
offline = Frånkopplad — dina ändringar sparas på den här enheten
not-connected = Inte ansluten
saved = Sparat
saving = Sparar…
not-saved-yet = Inte sparat på servern än
follow = Följ
stop-following = Sluta följa
bring-everyone = Samla alla här
brought-everyone = Alla har ombetts att titta där du är.
go-there = Gå dit
not-now = Inte nu
someone = Någon
announce-changes = Läs upp ändringar
announce-hint = Läs upp andras ändringar för skärmläsare
voting-started-news = Prickröstningen har börjat
votes-revealed-news = Röstresultatet visas nu
voting-ended-news = Prickröstningen är avslutad
list-view = Listvy
board-view = Tavelvy
change-place = Byt plats
board-tools = Zoom
board-region = Kartan
zoom-out = Zooma ut
zoom-in = Zooma in
zoom-out-hint = Zooma ut (tangent: −)
zoom-in-hint = Zooma in (tangent: +)
zoom-level = Zoom:
fit-map = Hela kartan
actual-size = Verklig storlek
shortcuts = Kortkommandon med en tangent
overview = Kartöversikt
hide-overview = Dölj kartöversikten (Mer visar den igen)
overview-help = Var du är på kartan. Klicka för att gå dit; när den är markerad flyttar piltangenterna vyn.
text-needed = Skriv något på kortet.
inline-add-hint = Enter lägger upp kortet. Skift+Enter ger en ny rad. Esc stänger.
inline-edit-hint = Enter sparar. Skift+Enter ger en ny rad. Esc lämnar texten som den var.
delete-map = Ta bort kartan
delete-map-question = Ta bort kartan för alla? Alla dess kort försvinner för gott. Det går inte att ångra.
facilitator-badge = Handledare
no-such-page = Det finns ingen karta på den här adressen. Kontrollera länken du fick.
go-home = Till Comaps startsida
map-details = Om kartan
structure-open = Alla kan ändra strukturen
structure-open-help = Av: bara du (handledaren) kan byta namn på kartan och lägga till, byta namn på, flytta eller ta bort skeden och rader. Alla kan fortfarande lägga till och ändra kort.
cards-kept = Sidan visar nu kartan så som den är sparad på servern; korten du lade till finns kvar.
more = Mer
show-me = Visa mig
dismiss-arrival = Stäng meddelandet
curve-scale = Högre: kändes bättre
hide-side = Dölj sidopanelerna
show-side = Visa sidopanelerna (personer, röstning, känslor)
more-choices = Fler val
save = Spara
column-name-needed = Skriv ett namn.
close = Stäng
unsorted = Osorterat
unsorted-help = Kort vars skede eller rad togs bort. Använd Flytta för att sätta tillbaka dem på kartan.
how-did-it-feel = Hur kändes det?
emotion-word = Ett ord för känslan (frivilligt)
choose-emotion = Välj en av de fem känslorna.
voice-balance = Röstbalans
voice-balance-help = Kort per roll: en spegel för gruppen, inte ett betyg.
emotion-curve = Känslokurva
emotion-curve-help = Genomsnittlig känsla i varje skede, från -2 (mycket dåligt) till +2 (mycket bra).
lived = Patienter och närstående
staff = Vårdpersonal
no-feelings = —
undo = Ångra
redo = Gör om
undo-hint = Ångra din senaste ändring (Ctrl+Z)
redo-hint = Gör om det du ångrade (Ctrl+Skift+Z)
undo-skipped = Någon har ändrat det sedan dess, så det fick vara som de gjorde det. Inget ångrades.
title-needed = Ge kartan ett namn.
model-gone = Det finns inte längre på kartan; någon kan just ha tagit bort det.
arrow-to-itself = En pil går från ett kort till ett annat, inte till samma kort.
arrow-exists = De korten har redan en pil mellan sig.
model-broken = Kartan kunde inte ändras här. Ladda om sidan; inget du har skickat går förlorat.
connect = Koppla
privacy-title = Går det bra att dela det här?
privacy-help = Alla i kartan kan läsa korten, och kartor hamnar i rapporter. Du kan utelämna namn, nummer och datum som pekar ut någon.
post-anyway = Lägg upp ändå
display = Visning
larger-text = Större text
high-contrast = Hög kontrast
drag-to-connect = Dra till ett annat kort för att rita en pil
voting-needs-connection = Röstning kräver anslutning till servern. Försök igen när du är uppkopplad.
odd-answer = Servern gav ett oväntat svar. Försök igen.
join-by-code = Gå med i ett grupprum
join-by-code-lead = Skriv koden med sex tecken som du fick av handledaren. Stora bokstäver, mellanslag och bindestreck spelar ingen roll.
join-code = Kod
join-code-help = Till exempel: KCM QTX
code-format = En kod har sex bokstäver och siffror, som KCM QTX. Kontrollera den och försök igen.
join-room = Gå in i rummet
checking-code = Kontrollerar koden…
back-home = Tillbaka till Comaps startsida
have-a-code = Har du en kod? Gå med i ett grupprum
from-facilitator = Från handledaren:
dismiss = Stäng
time-up = Tiden är ute
locked = Handledaren har låst rummet: du kan titta på kartan men inte ändra den just nu. Det du lägger till sparas inte förrän rummet låses upp.
locked-facilitator = Rummet är låst: bara du, som handledare, kan ändra kartan.
actions = Åtgärder
reflection = Reflektion
reflection-open-now = Handledaren har öppnat en reflektion. Frågorna finns högst upp på sidan.
reflection-anonymous = Dina svar är anonyma: ditt namn sparas inte med dem. Svara på så många frågor du vill.
reflection-named = Ditt namn och din roll sparas med dina svar. Svara på så många frågor du vill.
send-answers = Skicka svaren
reflection-closed-now = Handledaren har stängt reflektionen. Svar som redan skickats finns kvar.
answer-one-question = Svara på minst en fråga.
sending-answers = Skickar dina svar…
answers-saved = Tack: dina svar är sparade. Du kan ändra dem och skicka igen medan reflektionen är öppen.
first-time-step-1 = Kartan är en stor tabell. Varje kolumn är ett skede i vården, från att man först märker ett problem till att leva med det. Varje rad är en sorts sak, till exempel det som är viktigt för dig eller det som gick fel.
first-time-step-2 = Tryck på Lägg till kort för att skriva något, eller på + i en ruta för att skriva där. Ditt namn och din roll visas på det du skriver.
first-time-step-3 = Alla i mötet ser samma karta och ser ändringar direkt. Du kan inte förstöra något: Ångra tar tillbaka din egen senaste ändring.
first-time-step-4 = Alla knappar fungerar med tangentbordet: Tab flyttar mellan dem, Enter trycker på en. Listvy visar kartan som en enkel lista.
first-time-step-5 = Större text och Hög kontrast, högst upp på sidan, gör kartan lättare att läsa.
first-time-step-6 = Skriv inte någons fullständiga namn, telefonnummer, personnummer eller födelsedatum på ett kort.

## Meddelanden med värden

quoted = ”{ $title }”
add-to-stage = Lägg till ett kort i { $stage }
in-cell = I { $stage }, { $lane }
card-count = { $n ->
    [0] (inga kort)
    [one] (1 kort)
   *[other] ({ $n } kort)
}
follow-person = Följ { $name }
stop-following-person = Sluta följa { $name }
is-editing = { $who } skriver
summoned-by = { $who } ber alla att titta på samma del av kartan.
add-here = Lägg till ett kort i { $stage }, { $lane }
person = { $name } ({ $role })
text-too-long = Texten har { $len } tecken; håll den till högst { $max }.
kept-until = Sparas till { $date }, sedan tas den bort.
stage-options = Val för skedet { $name }
lane-options = Val för raden { $name }
curve-words = Patienter och närstående: { $lived }. Vårdpersonal: { $staff }.
feeling = { $emotion } ({ $signed })
feeling-with-word = { $emotion } ({ $signed }): { $word }
curve-cell = { $value } ({ $n ->
    [one] 1 känsla
   *[other] { $n } känslor
})
looks-like = Det här ser ut som { $what }: { $text }
no-room-with = Inget rum har koden { $code } — kontrollera den med handledaren.
time-left = Tid kvar { $clock }
time-left-paused = Tid kvar { $clock } (pausad)
timer-running = Handledaren har ställt in timern: { $clock } kvar.
timer-paused = Timern är pausad med { $clock } kvar.
from-room = Från { $room }
action-detail = Vem: { $who } · Senast: { $by }
role-count = { $role }: { $n }

## Roller, korttyper, känslor och mallar

role-patient = Patient
role-carer = Närstående
role-professional = Vårdpersonal
role-other = Annan
kind-step = Steg
kind-pain-point = Problem
kind-idea = Idé
kind-feeling = Känsla
kind-what-matters = Det som är viktigt
kind-question = Fråga
kind-strength = Det som fungerar bra
kind-note = Anteckning
emotion-very-bad = Mycket dåligt
emotion-bad = Dåligt
emotion-neutral = Varken bra eller dåligt
emotion-good = Bra
emotion-very-good = Mycket bra
looks-email = en e-postadress
looks-phone = ett telefonnummer
looks-nhs-number = ett NHS-nummer (brittiskt personnummer)
looks-personal-number = ett svenskt personnummer eller samordningsnummer
looks-date-of-birth = ett födelsedatum

## Språkvalet

language = Språk
language-unavailable = { $language } gick inte att hämta just nu (är du offline?). Sidan förblir som den är; försök igen när du är ansluten.

## Upplästa ändringar som andra gör (för skärmläsare)

news-card-added = { $who } lade till ett kort i { $place }. { $kind }: { $text }
news-card-removed = Ett kort togs bort: { $text }
news-card-moved = Ett kort flyttades till { $place }: { $text }
news-card-edited = Ett kort lyder nu: { $text }
news-arrow-added = Ny pil från { $from } till { $to }
news-stage-added = Nytt skede: { $name }
news-lane-added = Ny rad: { $name }
news-title-changed = Kartan heter nu { $title }
news-more-changes = { $n ->
    [one] och 1 ändring till
   *[other] och { $n } ändringar till
}

switch-on = På
switch-off = Av

## Nya kartor och workshoppar


## Prickröstning

voting = Prickröstning
voting-help = Alla får några röster att lägga på de idéer och problem som betyder mest. Det går bra att lägga flera röster på samma kort.
votes-per-person = Röster per person
start-voting = Starta röstningen
reveal-results = Visa resultatet
hide-results = Dölj resultatet
end-voting = Avsluta röstningen
results-hidden = Resultatet är dolt tills handledaren visar det.
voting-ended = Röstningen är avslutad.
voting-open = Röstning pågår.
facilitator-runs-voting = Handledaren startar en omgång när gruppen är redo och visar sedan resultatet.
top-cards = Kort med flest röster
no-votes-yet = Inga röster än.
vote = Rösta
none-left = Inga röster kvar
no-votes-left = Du har inga röster kvar: ta först tillbaka en röst från ett annat kort.
only-votable = Visa bara idéer och problem
people-voted = { $n ->
    [0] Ingen har röstat än.
    [one] 1 person har röstat.
   *[other] { $n } personer har röstat.
}
take-back = Ta tillbaka
votes-left = Du har { $left } av { $budget } { $budget ->
    [one] röst
   *[other] röster
} kvar
your-votes = Dina röster: { $n }
vote-count = { $n ->
    [one] 1 röst
   *[other] { $n } röster
}
vote-for = Rösta på ”{ $text }”
take-back-from = Ta tillbaka en röst från ”{ $text }”

## Pilar

draw-arrow = Rita pil
arrow-to = Pekar på
arrow-label = Etikett (frivillig, till exempel ”leder till”)
arrow-help = Välj kortet som det här leder till. Med en mus kan du också dra kortets ⤳-handtag till ett annat kort.
no-other-cards = Det finns inget annat kort att peka på än.
edit-label = Ändra etikett
edit-arrow-label = Ändra etiketten på pilen till { $target }
connect-title = Rita en pil från ”{ $text }”
card-choice = { $stage } · { $lane }: { $text }
arrow-out = → { $target }
arrow-out-labelled = → { $label }: { $target }
arrow-in = ← från { $source }
arrow-in-labelled = ← från { $source } ({ $label })
remove-arrow = Ta bort pilen till { $target }

## Skeden, rader, titel och syfte

purpose = Syfte
purpose-help = Vems vårdresa? Vilken verksamhet? En mening eller två.
save-name = Spara namnet
name = Namn
add-stage = Lägg till skede
add-lane = Lägg till rad
remove-stage = Ta bort skede
remove-lane = Ta bort rad
stage-heading = Skede: { $name }
lane-heading = Rad: { $name }
move-left = Flytta åt vänster
move-right = Flytta åt höger
move-up = Flytta upp
move-down = Flytta ner
remove-stage-question = Ta bort skedet ”{ $name }”? { $n ->
    [0] Det har inga kort.
    [one] Det har 1 kort, som sparas under Osorterat.
   *[other] Det har { $n } kort, som sparas under Osorterat.
}
remove-lane-question = Ta bort raden ”{ $name }”? { $n ->
    [0] Den har inga kort.
    [one] Den har 1 kort, som sparas under Osorterat.
   *[other] Den har { $n } kort, som sparas under Osorterat.
}

## Exportmenyn

export = Exportera
export-choices = Exportera kartan som
export-png = PNG-bild
export-svg = SVG-bild
export-pdf = PDF-dokument
paper-a4 = A4
paper-a3 = A3
export-paper = Papper (PDF, liggande)
export-size = Bildstorlek (PNG)
size-normal = Normal
size-large = Stor (för bildspel)
size-extra-large = Extra stor (för tryck)
export-transparent = Genomskinlig bakgrund
export-cover = Försättsblad (PDF)
export-csv = CSV-kalkylblad
export-json = JSON-data
export-text = Textsammanfattning
export-automerge = Automerge-dokument
export-hint = Exporterna innehåller det som är sparat på servern. Namnen utelämnas; rollerna finns kvar.
exporting = Förbereder { $what }…
export-working = Exporten pågår
seconds-so-far = { $n } s
exported = Laddade ner ”{ $file }”.

## När något går fel

unreachable = Det gick inte att nå Comap-servern. Försök igen.
server-refused = Servern kunde inte göra det. Försök igen.
cannot-save-file = Webbläsaren kunde inte spara filen.
not-connected-yet = Sidan är inte ansluten till kartan än. Försök igen.
error-bad-frame = Sidan och servern förstod inte varandra. Ladda om sidan.
error-unsupported-version = Sidan är äldre än servern. Ladda om sidan.
error-access-denied = Den här länken kan inte öppna kartan. Be den som delade den om en ny länk.
error-read-only = Den här länken kan visa kartan men inte ändra den.
error-bad-sync = Sidan och servern kom i otakt. Ladda om sidan om kartan ser fel ut.
error-hello-timeout = Anslutningen tog för lång tid att starta. Sidan försöker igen.
error-bad-hello = Ditt namn eller din roll gick inte att använda. Ladda om sidan och gå med igen.
error-frame-too-large = Ändringen är för stor för att skicka på en gång.
error-room-full = Kartan har så många deltagare som den kan ta emot just nu. Sidan fortsätter att försöka.
error-rate-limited = För mycket skickades på en gång. Ladda om sidan.
error-invalid-change = Ändringen passar inte den här kartan och sparades inte. Ladda om sidan.
error-map-too-large = Kartan har nått den största storlek som servern sparar, så ändringen sparades inte. Starta en ny karta för mer.
error-deleted = Kartan har tagits bort.
error-server-restarting = Servern startar om. Sidan ansluter igen av sig själv om en stund.
error-server-busy = Servern har mycket att göra just nu. Sidan fortsätter att försöka.
error-too-many-connections = För många anslutningar från det här nätverket just nu. Sidan fortsätter att försöka.
error-not-allowed = Bara handledaren kan göra den ändringen på kartan, så sidan visar kartan som den är.
error-vote-refused = Rösten kunde inte räknas.
error-internal = Något gick fel på servern. Sidan behåller dina ändringar och skickar dem igen när den ansluter.
refused-access = Den här länken kan inte göra det. Be den som delade den om en ny länk.
refused-too-many = För många försök från ditt nätverk just nu. Vänta några minuter och försök igen.
refused-unavailable = Servern kan inte göra det just nu. Försök igen senare.
refused-internal = Servern kunde inte slutföra begäran. Försök igen.
refusal-reflection-closed = Handledaren stängde reflektionen innan dina svar kom fram, så de sparades inte.
refusal-reflection-full = Workshoppen har redan { $max } svar, så många den kan spara, så dina sparades inte.
refusal-image-too-large = Kartan är för stor för en bild i { $scale }× storlek. Välj en mindre storlek, eller SVG eller PDF.
