/**
 * A corpus made for the retrieval-quality test: the internal handbook of a fictional company, Tidewell,
 * in 36 short Markdown documents, and 40 questions as employees would ask them, each with the title of
 * the one document that answers it. Several documents share vocabulary on purpose (reimbursement,
 * passwords, laptops, badges, booking, freezes, carrying days over), and about half of the questions
 * share only one or two content words with their source, so that recall@5 measures retrieval rather
 * than string matching.
 */

export const corpusDocuments: Array<{ title: string; text: string }> = [
  {
    title: 'Expense Policy',
    text: `# Expense policy

Tidewell pays back what you spend on company business, as long as it is reasonable and documented.

## Submitting a claim

- Submit every claim in Ledgerly, our expense tool, within 30 days of the purchase.
- Attach a receipt for anything above €25. Below that, a short description is enough.
- Pick the right category (meals, transport, supplies) so finance can book it correctly.

## Approval

Your manager approves claims up to €500. Anything above €500 also needs the finance director's approval,
which usually takes two or three extra working days.

## What we do not cover

Alcohol is not reimbursed, except at client dinners, where up to two drinks per person are fine. Fines,
personal upgrades and minibar charges are never covered.

## Getting paid

Approved claims are paid with the next payroll run. If you spend money for the company every month (a
software subscription, say), ask finance for a corporate card instead of claiming it each time.`,
  },
  {
    title: 'On-Call Rotation',
    text: `# On-call rotation

Every product team keeps one engineer on call so that production problems get a human quickly.

## How the rotation works

- Shifts last one week and hand over on Monday at 10:00, with a 15-minute handover call.
- Each week has a primary and a secondary. The secondary is paged when the primary does not respond.
- Pages arrive through Beacon, our alerting app. Acknowledge a page within 5 minutes, day or night.
- Nobody is on call for more than two consecutive weeks.

## Swapping shifts

Arrange a swap directly with a colleague, then update the schedule in Beacon at least 48 hours before
the shift starts. Tell your manager if you cannot find anyone.

## Compensation

You receive a flat €200 for each week on call. Every page answered between 22:00 and 07:00 also earns
you two hours of time off in lieu, to be taken within the following month.`,
  },
  {
    title: 'VPN Setup',
    text: `# Setting up the VPN

You need the VPN to reach internal tools (the wiki, the build servers, the admin consoles) from outside
the office.

1. Install the WireGuard client for your operating system.
2. Open the self-service portal at vpn.tidewell.internal and sign in with your single sign-on account
   and your second factor.
3. Download your personal configuration file and import it into WireGuard.
4. Activate the tunnel. Only internal traffic goes through it; your normal browsing does not.

## Renewing

Configuration files expire after 90 days. The portal emails you a week before; download a fresh file
and import it over the old one.

## When it does not connect

Some hotel and airport networks block UDP port 51820, which WireGuard uses. In that case import the
fallback profile from the portal, which runs over TCP port 443 and gets through almost every firewall.
If that fails too, post in #it-help with the network name and the time you tried.`,
  },
  {
    title: 'Parental Leave',
    text: `# Parental leave

Tidewell supports every parent, however the child arrives: birth, adoption or surrogacy are treated the
same way.

## How much leave

- The primary caregiver receives 20 weeks of fully paid leave.
- The secondary caregiver receives 8 weeks of fully paid leave.
- Leave can be taken in one block or in up to three blocks, any time within 18 months of the child's
  arrival.

## Telling us

Let HR and your manager know at least 8 weeks before you plan to start, or as soon as you can for an
adoption, where dates are often uncertain.

## Coming back

After your leave you may use a phased return: four weeks at 60% of your normal hours on full pay. Your
role and salary are protected while you are away, and you still take part in the salary review.`,
  },
  {
    title: 'Office Plants',
    text: `# Office plants

Our plants are looked after by the Green Crew, a group of volunteers from every floor. Join them in
#green-crew.

## Care schedule

- Watering happens on Tuesdays and Fridays. Most pots are self-watering, so please do not add extra water.
- Plants are fed with fertiliser on the first Monday of each month.
- Before a long holiday weekend the Green Crew moves thirsty plants into the kitchen, near the sink.

## Your own plants

You are welcome to bring a plant for your desk. Put a tag on the pot with your name, and arrange a plant
sitter when you go on leave. Because dogs visit the office on Wednesdays, plants that are toxic to pets
are not allowed: no lilies, no sago palms, no dieffenbachia.

## Please don't

Do not move the large floor plants; they are placed for light and to dampen noise. If a plant looks
unhealthy, tell the Green Crew rather than trimming it yourself.`,
  },
  {
    title: 'Coffee Machine Descaling',
    text: `# Descaling the coffee machine

The bean-to-cup machine in the third-floor kitchen needs descaling about every four weeks, or whenever
its red descale light comes on. It takes about 40 minutes, and anyone may do it.

## Steps

1. Empty the drip tray and the grounds container.
2. Take one descaling tablet from the cabinet under the kitchen sink and dissolve it in the water tank
   filled to the 0.5 litre mark.
3. Place a large jug under the spout and choose "Care", then "Descale" on the display.
4. When the machine asks, rinse the tank, fill it with fresh water and let the rinse cycle finish.

## Important

Never use vinegar: it damages the seals and voids the service contract. Use only the citric acid tablets
supplied by the vendor.

Write the date and your name on the sheet taped inside the cabinet door, so the next person knows when
it was last done. The milk system is cleaned separately, every evening, by the cleaning team.`,
  },
  {
    title: 'Security Badge Loss',
    text: `# Lost or stolen security badge

Your badge opens the doors, the bike cage and the printers, so a lost badge is a security matter.

## What to do

- Report the loss within 24 hours to the security desk on the ground floor or by email to security@tidewell.com.
- The badge is deactivated as soon as you report it, so nobody else can use it.
- Reception gives you a temporary badge, valid for 7 days, while the new one is printed.

## Replacement

Your first replacement is free. From the second loss onwards, a replacement costs €15, deducted from
your salary.

## Found a badge?

Hand any badge you find to reception; do not try it on a door. If you find your own lost badge after
reporting it, return it to security as well: deactivated badges cannot be switched back on.`,
  },
  {
    title: 'Password Rotation',
    text: `# Password rotation

Following current guidance, Tidewell does not make you change your personal password on a schedule.
Forced periodic changes lead to weaker passwords, not stronger ones.

## When you must change it

- Immediately, if you think it may have been seen, phished or leaked.
- When the security team asks you to, for example after a breach at another company.

## Rules for a good password

- At least 14 characters. A passphrase of four or five random words works well.
- Not one of your previous 10 passwords.
- Never used on any other site.

Keep your passwords in Vaultwarden, the password manager every employee gets.

## Service accounts

Shared service account credentials are different: they are rotated every 180 days by their owning
team, and stored only in the team's shared Vaultwarden collection, never in code or chat.`,
  },
  {
    title: 'Travel Booking',
    text: `# Booking business travel

Book all business travel through Wayfarer, our travel portal, at least 14 days before departure. Later
bookings are possible but need your manager's approval in the portal.

## Getting there

- Trains are preferred for journeys under four hours.
- Flights shorter than six hours are booked in economy.
- Flights of six hours or more may be booked in premium economy.

## Staying there

Hotels are covered up to €180 per night. In London, New York and Tokyo the limit is €250. Wayfarer
shows you which hotels fall within the limit.

## While you are away

- You receive a daily allowance of €45 for meals, paid with your next salary.
- Travel insurance is included automatically for every trip booked through Wayfarer.
- Keep your boarding passes; finance may ask for them.

If your plans change, cancel or rebook in Wayfarer as early as possible, as many fares become
non-refundable 24 hours before departure.`,
  },
  {
    title: 'Laptop Refresh',
    text: `# Laptop refresh

Every employee receives a new laptop every three years.

## Choosing a model

- Engineers and designers choose between a 16-inch MacBook Pro and a ThinkPad X1 Carbon.
- Everyone else receives a MacBook Air.
- Extra memory or storage can be requested with a short reason.

## Ordering

Request your refresh through the IT portal about four weeks before your current laptop turns three. IT
emails you when it is ready to collect, or sends it to you if you work remotely.

## Your old laptop

Back up anything personal, then hand the old laptop to IT within 10 working days of receiving the new
one. IT wipes it and reuses or recycles it.

If you would like to keep the old machine, you can buy it back for a fixed price of €150, deducted from
your salary. IT still wipes it first and removes company software.`,
  },
  {
    title: 'Code Review Rules',
    text: `# Code review rules

Every change to production code is reviewed before it is merged.

## Approvals

- Every pull request needs at least one approval from someone other than its author.
- Changes to infrastructure, authentication or payments need two approvals, one of them from the owning team.
- Continuous integration must be green before merging.

## Size and speed

Keep pull requests under about 400 changed lines; split bigger work into a series. Reviewers respond
within one working day, even if only to say when they will get to it.

## Comments

Prefix your comments so the author knows what matters:

- "blocking:" must be fixed before merging;
- "suggestion:" worth considering;
- "nit:" a small matter of taste, free to ignore.

## Merging

The author merges once approved, not the reviewer, so the author stays responsible for the deploy.
Self-approval and merging with failing checks are not allowed, even in a hurry.`,
  },
  {
    title: 'Incident Postmortems',
    text: `# Incident postmortems

After every SEV1 or SEV2 incident we write a postmortem. Its purpose is to learn, never to blame: we
describe what systems and processes allowed the mistake, not who made it.

## Deadline and owner

The incident commander owns the postmortem and publishes it on the wiki within five working days of the
incident being resolved.

## What goes in it

1. A timeline, from the first signal to full recovery.
2. The impact on customers: who, how many, for how long.
3. The root cause and the contributing factors.
4. Action items, each with one owner and a due date.

## Review

Postmortems are discussed at the weekly reliability meeting on Thursday afternoons, which anyone may
attend. Action items are tracked on the reliability board until they are done; those still open after
60 days are raised with the engineering director.`,
  },
  {
    title: 'Holiday Calendar',
    text: `# Holiday calendar

## Annual leave

Everyone has 28 days of paid annual leave per year, in addition to the public holidays of the country
where their contract is. Request leave in the HR system at least two weeks ahead for anything longer
than three days.

## Company closure

The whole company closes from 24 December to 1 January. These days do not count against your annual
leave. Support keeps a small staffed rota, paid at double rate.

## Tidewell Day

The company's founding anniversary, 14 June, is an extra day off for everyone. If it falls on a weekend,
the following Monday is taken instead.

## Carrying days over

Up to five unused days may be carried over into the next year, and must be used by 31 March. Anything
above five days is lost, unless your manager agreed in writing that work prevented you from taking it.`,
  },
  {
    title: 'Parking',
    text: `# Parking and bicycles

The office has an underground garage with 40 car spaces on level -2. There are more people who want a
space than there are spaces, so permits are allocated by lottery every quarter.

## Car permits

- Enter the lottery through the facilities page in the last two weeks of each quarter.
- Colleagues with a disability or a medical need get a permanent permit; ask facilities.
- Your permit is linked to your badge, which opens the garage barrier.

## Electric cars

Six spaces have chargers. They are shared by everyone with a permit: charge for at most four hours, then
move your car so the next person can charge.

## Bicycles

The bike cage next to the garage entrance opens with your badge. There are showers and lockers on level -1.

## Visitors

Visitors park on level -1. Register their number plate with reception the day before.`,
  },
  {
    title: 'Gym Reimbursement',
    text: `# Gym and sport reimbursement

Tidewell contributes to your fitness, whatever form it takes.

## What is covered

Memberships and class passes for gyms, climbing and bouldering halls, yoga and pilates studios, swimming
pools and sports clubs. Running events and races count too.

## How much

- Up to €40 per month, capped at €480 per year.
- Part-time employees receive a share in proportion to their contract hours.

## What is not covered

Equipment (shoes, bikes, home machines such as treadmills or rowers), clothing, supplements and personal
trainers are not covered.

## Claiming

Submit the invoice in Ledgerly, under the category "Wellbeing", either every month or once for the whole
year. Claims for a year must be in by 31 January of the next year. The reimbursement is paid with your
salary and is taxed as a benefit in some countries.`,
  },
  {
    title: 'Printer Troubleshooting',
    text: `# Printer troubleshooting

There are two printers on every floor, named after birds: Heron on the north side and Osprey on the south.

## Follow-me printing

Print jobs are not printed straight away. Send your document to "Tidewell Print", walk to any printer
and tap your badge on the reader: your jobs print there. Jobs that are not collected are deleted after
24 hours.

## Common problems

- Paper jam: open tray B on the right-hand side and follow the green handles.
- Faded prints: replace the toner. Spare toner is in supply room 2.14.
- The printer shows as offline: open the self-service app and choose "Restart my print queue".
- Nothing happens when you tap your badge: your badge may not be registered for printing yet.
  Register it once at the printer by entering your username.

## Still stuck?

Post in #it-help with the printer name and the error shown on its screen.`,
  },
  {
    title: 'Onboarding Checklist',
    text: `# Onboarding checklist for new starters

Welcome to Tidewell! This list covers your first month.

## Day one

- Come to the IT bar on the first floor at 9:30 to collect your laptop.
- Reception takes your photo for your badge.
- Lunch with your team; your manager will find you.

## Day three

Send your bank details and tax information to HR through the HR system, so you are paid on time.

## First week

- Complete the security awareness training in the learning portal.
- Set up your single sign-on account and second factor.
- Meet your onboarding buddy, a colleague from another team who answers the questions you would rather
  not ask your manager.

## First month

- Read the handbook sections on expenses, travel and security.
- Hold your 30-day check-in with your manager: what went well, what is unclear, what you need.`,
  },
  {
    title: 'Release Freeze',
    text: `# Release freeze

During a freeze nothing new goes to production. Freezes protect our customers at the times when a
problem would hurt them most and when fewer of us are around to fix it.

## When

- Every year from 15 December to 6 January.
- For the 48 hours before a major launch or a large customer migration, as announced in #releases.

## What is still allowed

- Hotfixes for SEV1 and SEV2 incidents, reviewed as usual.
- Configuration changes that only turn a feature off.

Feature flags that are off stay off during a freeze.

## Exceptions

Anything else needs an exception from the release manager. Ask in #releases with what the change does,
why it cannot wait, and your rollback plan. Without a tested rollback plan the answer is no.`,
  },
  {
    title: 'Data Retention',
    text: `# Data retention

We keep data for as long as we need it and no longer.

| data | kept for |
| --- | --- |
| Customer account data | 30 days after the contract ends |
| Application and access logs | 90 days |
| Database backups | 35 days |
| Support tickets | personal data redacted after one year |
| Invoices and accounting records | 10 years, as tax law requires |
| Job applications | 6 months after the position is filled |

## Deletion requests

When a customer or a person asks us to delete their data, forward the request to privacy@tidewell.com.
The privacy team answers within 30 days, as the law requires, and confirms once the data has been
removed from every system, including backups as they expire.

## Legal holds

When legal places a hold on data for a dispute, it is kept until legal lifts the hold, whatever this
table says.`,
  },
  {
    title: 'Customer Refund Policy',
    text: `# Customer refund policy

## Annual plans

Customers on an annual plan receive a full refund if they cancel within 14 days of purchase. After 14
days they may cancel at the end of the paid year, without a refund.

## Monthly plans

Monthly plans are not refunded, but customers may cancel at any time, and the cancellation takes effect
at the end of the current month.

## Service credits

When an outage lasts more than eight hours in a month, affected customers receive a credit in proportion
to the downtime, as described in the service level agreement. Credits are applied to the next invoice.

## Who approves

Support agents can approve refunds and credits up to €200 on their own. Larger amounts need the support
team lead, and anything above €5,000 needs the head of customer success.

Refunds go back to the original payment method and reach the customer within 5 to 10 business days.`,
  },
  {
    title: 'Bug Bounty',
    text: `# Bug bounty programme

We pay security researchers who find and report vulnerabilities responsibly. The programme runs on
BugHarbor.

## Scope

In scope: tidewell.com and all its subdomains, the public API and our iOS and Android apps.

Out of scope: social engineering of staff, physical attacks on offices, denial of service, and findings
in third-party services we do not control.

## Rewards

Rewards range from €100 for a low-severity issue to €10,000 for a critical one, such as remote code
execution or access to other customers' data. The first valid report of an issue receives the reward.

## Process

The security team acknowledges every report within three business days, assesses its severity and keeps
the researcher informed until it is fixed.

## Employees

Employees, contractors and their families are not eligible for rewards. If you find a vulnerability,
report it directly to the security team in #security.`,
  },
  {
    title: 'Accessibility Guidelines',
    text: `# Accessibility guidelines

Everything we ship should be usable by everyone, including people who use a keyboard only, a screen
reader or magnification. Our target is WCAG 2.2 level AA.

## Checklist for every feature

- Text has a contrast ratio of at least 4.5:1 against its background (3:1 for large text).
- Every interactive element can be reached and operated with the keyboard, with a visible focus ring.
- Images have meaningful alternative text; decorative images have empty alt text.
- Colour is never the only way information is shown: add an icon or a label.
- Forms have labels, and error messages say how to fix the problem.

## Testing

Before release, test the feature with a screen reader: NVDA on Windows and VoiceOver on macOS and iOS.
Automated checks run in CI, but they find only about a third of real problems.

## Help

Each team has an accessibility champion who reviews designs early. Questions go to #a11y.`,
  },
  {
    title: 'API Rate Limits',
    text: `# Public API rate limits

The limits protect the API for everyone. They are counted per API key.

| plan | requests per minute | burst |
| --- | --- | --- |
| Free | 20 | 5 |
| Standard | 100 | 20 |
| Enterprise | 1,000 | 200 |

## When a client goes over

The API answers 429 Too Many Requests with a Retry-After header giving the seconds to wait. Clients
should back off and retry after that time, not immediately.

## What does not count

Webhook deliveries from us to the customer, and requests to the status endpoint, do not count against
the limit.

## Higher limits

Enterprise customers who need more can ask their account manager; engineering reviews each request
within a week. Standard customers should upgrade their plan. Support cannot raise limits on its own.`,
  },
  {
    title: 'Backup Restore Drill',
    text: `# Backup restore drill

A backup we have never restored is only a hope. Once a quarter, the SRE team proves that our backups work.

## The drill

1. Pick a production database snapshot at random from the last 35 days.
2. Restore it into an isolated environment with no connection to production.
3. Run the verification script, which checks row counts and recent writes against production.
4. Record how long each step took.

## Targets

- Recovery time objective: the service is back within 4 hours.
- Recovery point objective: at most 15 minutes of data lost.

## When it fails

A drill that misses a target, or a restore that fails, opens a SEV3 ticket for the SRE team and is
repeated within two weeks once it is fixed. The results of each drill are shared at the reliability
meeting.`,
  },
  {
    title: 'SSO Setup',
    text: `# Single sign-on setup

Almost every tool at Tidewell is reached through Keyhole, our single sign-on. One account, one password,
one second factor.

## Setting up

1. Open the activation email from Keyhole and choose your password (see the password rules in the handbook).
2. Enrol a second factor: an authenticator app on your phone or a hardware security key. IT gives you a
   YubiKey on request.
3. Enrol a backup factor too, so a broken phone does not lock you out.

Text-message codes are not accepted, because phone numbers can be hijacked.

## Adding an application

If a tool you need is not in your Keyhole dashboard, open an IT ticket naming the tool and why you need
it. The tool's owner approves access.

## Locked out

If you lose your second factor, contact the IT service desk. They verify your identity on a video call
with your camera on and your badge visible, then reset your factors.`,
  },
  {
    title: 'Meeting Room Booking',
    text: `# Booking a meeting room

Meeting rooms are named after rivers and booked through your calendar: add the room as a guest.

## Rules

- Book for at most two hours at a time.
- Recurring bookings end after three months; renew them if you still need the room.
- If nobody checks in on the tablet by the door within 10 minutes of the start, the booking is released
  automatically.
- Leave the room as you found it: wipe the whiteboard and take your cups.

## The large room

Danube, on the fifth floor, seats 20 people and has a video conferencing system for hybrid workshops.
It cannot be booked from the calendar: ask the office manager, who checks it against company events.

## Phone booths

The small phone booths on each floor cannot be booked. Use them for up to 30 minutes, then let someone
else have a turn.`,
  },
  {
    title: 'Desk Moving',
    text: `# Moving desks

Whether you move alone or with your whole team, facilities organises it.

## Requesting a move

Fill in the facilities form at least two weeks before the date you would like. For a team move, one
person submits a single form listing everyone.

## Move day

Moves happen on Fridays after 3 pm, so you can work normally on Monday.

- Pack your things in the crates that facilities leaves at your desk on Thursday.
- Label each crate with your name and your new desk number.
- Leave monitors, docks and cables where they are: IT disconnects and reconnects them.
- Take your laptop home with you over the weekend.

## Please don't

Do not move desks, chairs or cabinets yourself: furniture is heavy and the floor plan is tied to the
fire safety plan. Your badge access to a new floor is added automatically.`,
  },
  {
    title: 'Conference Budget',
    text: `# Conference budget

Learning from the wider industry makes us better, so every employee has a conference budget.

## How much

Each employee has €1,500 per calendar year for conferences. It covers the ticket, travel and hotel. The
travel part is booked through Wayfarer, as for any business trip.

## Approval

Ask your manager at least six weeks before the event, with the conference name, dates and estimated
cost. The budget does not roll over into the next year.

## Speaking

If you give a talk, the company covers your full costs, and they do not come out of your €1,500. The
developer relations team can help you prepare and rehearse.

## Afterwards

Share what you learned: a short write-up on the wiki or a lunch talk within a month. Claim your costs in
Ledgerly, under the category "Conferences".`,
  },
  {
    title: 'Mentoring Program',
    text: `# Mentoring programme

The mentoring programme pairs people who want to grow with experienced colleagues who have been there.

## How it works

- New cohorts start twice a year, in March and in September.
- Each pairing lasts six months.
- Mentors come from a different department from yours, so you get a fresh view and can speak freely.
- Pairs meet every two weeks for about 45 minutes, in person or on video.

## Signing up

Fill in the People team's sign-up form in the four weeks before a cohort starts. Tell us what you want to
work on: a skill, a career change, leadership, confidence. The People team matches pairs by goals, not
job titles.

## Becoming a mentor

Anyone with at least two years at Tidewell can volunteer as a mentor. Mentors attend a half-day training
first and meet once a quarter to share what works.`,
  },
  {
    title: 'Performance Reviews',
    text: `# Performance reviews

Reviews happen twice a year, in May and in November.

## Steps

1. Self-review: what you achieved, what you learned, what you want next.
2. Peer feedback from three colleagues, chosen by you and your manager together.
3. Manager review, written after reading both.
4. Calibration: managers of a department compare ratings so that they mean the same everywhere.
5. A one-to-one conversation where your manager walks you through the result.

## Ratings

Ratings use a four-point scale: below expectations, meets expectations, exceeds expectations and
outstanding. There is no quota for any rating.

## Pay

Salary adjustments are decided once a year, after the November review, and take effect in January.
Promotions can be proposed at either review.

## Preparing

Keep a short list of your work during the half year: projects shipped, problems solved, people helped.
It makes the self-review quicker and fairer, because nobody remembers February in May.`,
  },
  {
    title: 'Remote Work Stipend',
    text: `# Remote work stipend

People who work from home at least two days a week receive a stipend to make that comfortable.

## Home office setup

A one-time budget of €600 for furniture and equipment: a desk, a proper chair, a monitor, a headset. Buy
what you need and claim it in Ledgerly under "Home office". What you buy becomes yours after two years;
if you leave earlier, you may keep it by paying back a share.

## Internet

€30 per month towards your internet connection, claimed every quarter with your provider's invoice.

## Working from abroad

You may work from another country for up to 30 days a year, for example to extend a visit to family.
Ask your manager and HR at least two weeks ahead, because tax and insurance rules differ by country.
Some countries are excluded for legal reasons; HR keeps the list.`,
  },
  {
    title: 'Shipping Hardware',
    text: `# Shipping hardware

Monitors, laptops, docks and other company equipment are shipped only through IT's courier account, so
every parcel is insured and tracked.

## Before you ship

- Request a shipping label through the IT portal. IT books the courier pick-up at your address.
- Use the original box if you still have it; otherwise ask IT for a padded return kit, sent to you free.
- Laptops travel switched off, never in sleep mode.

## Insurance

Parcels are insured for the replacement value of what is inside. Declare every item on the form.

## International shipments

Shipping equipment to or from another country needs a customs invoice, which finance prepares; allow
five working days. Batteries may need special handling, so tell IT when a parcel contains a spare one.

## Tracking

Send the tracking number to it-logistics@tidewell.com. IT checks the parcel in when it arrives and
confirms by email.`,
  },
  {
    title: 'Language Classes',
    text: `# Language classes

Speaking our customers' and colleagues' languages helps everyone, so Tidewell pays for language learning.

## In the office

Free German and Spanish classes run every Tuesday at lunchtime, from 12:30 to 13:30, in the Rhine room.
Beginners and intermediate groups alternate weeks. Sign up in #languages.

## External courses

For any other language, or for a more intensive course, you may spend up to €1,000 per year on a
language school, a private tutor or an online course. Apps with a monthly subscription count too.

## Getting reimbursed

Pay for the course yourself, then claim it in Ledgerly under "Learning" once you have finished, with the
invoice and a certificate or proof of attendance. Courses you drop out of before halfway are not
reimbursed.

Lessons during working hours are fine for up to two hours a week, with your manager's agreement.`,
  },
  {
    title: 'Volunteer Day',
    text: `# Volunteer days

Every employee has two paid volunteer days a year to give time to a cause they care about.

## What counts

Work for a registered charity, a school or a community organisation: a food bank, a beach clean-up,
mentoring students, building a website for a local shelter. Political campaigning and work for
religious organisations' worship activities do not count.

## How to take them

Record your volunteer day in the HR system like annual leave, choosing the type "Volunteering", and add
the name of the organisation. Volunteer days can be taken as half days.

## Team days

Once a quarter the Social Impact group organises a team volunteering day. Places are limited, so sign
up early in #volunteering.

## Unused days

Volunteer days do not carry over. Days not taken by 31 December are lost.`,
  },
  {
    title: 'Whistleblower Line',
    text: `# Whistleblower line

If you see something seriously wrong at Tidewell (fraud, bribery, a danger to health or safety,
harassment that management ignores) you can report it, anonymously if you wish.

## How to report

ClearVoice, an independent provider, runs our reporting line:

- by phone, 24 hours a day, in 12 languages;
- through the ClearVoice web form, which gives you a code to follow up without revealing your name.

Reports go to the chair of the audit committee of the board, not to management.

## What happens next

- You receive an acknowledgement within 7 days.
- You receive feedback on what was done within 3 months.

## Protection

Nobody may be disadvantaged for raising a concern in good faith, even if it turns out to be unfounded.
Retaliation against a reporter is itself a serious disciplinary matter.`,
  },
  {
    title: 'First-Aid Kits',
    text: `# First aid

## Where things are

- First-aid kits hang in every kitchen and at reception, in green boxes marked with a white cross.
- The defibrillator (AED) is at the ground-floor reception, next to the lifts. It talks you through each
  step; you cannot hurt anyone by using it.
- An eyewash station is in the hardware workshop on the second floor.

## First aiders

Trained first aiders wear a green lanyard, and their names and phone numbers are posted next to every
kit. In an emergency call 112 first, then a first aider.

## Using a kit

Take what you need, then note it in the accident book at reception, even for a small cut. When something
runs low, such as plasters or cold packs, email facilities@tidewell.com; they restock within two days.

## Training

First-aid courses are free and count as working time. We aim for at least two first aiders per floor;
sign up with facilities.`,
  },
];

export const corpusQuestions: Array<{ question: string; source: string }> = [
  { question: 'I no longer have the receipt for an €18 taxi. Can I still claim it?', source: 'Expense Policy' },
  {
    question: 'How fast am I expected to react when I get paged in the middle of the night?',
    source: 'On-Call Rotation',
  },
  { question: "I'm working from a hotel and can't get onto our internal tools. Any tips?", source: 'VPN Setup' },
  {
    question: "We're expecting our first child and my wife will be the main carer. How long can I stay home with pay?",
    source: 'Parental Leave',
  },
  { question: 'On which days does somebody water the greenery around the office?', source: 'Office Plants' },
  { question: 'Am I allowed to bring a lily from home to put on my desk?', source: 'Office Plants' },
  { question: 'Is it OK to clean the espresso machine with vinegar?', source: 'Coffee Machine Descaling' },
  { question: 'I left my access badge on the train yesterday. What now?', source: 'Security Badge Loss' },
  { question: 'Do I really have to change my login password every few months?', source: 'Password Rotation' },
  { question: 'How often do shared service account credentials get changed?', source: 'Password Rotation' },
  {
    question: 'Can I fly premium economy to the offsite in Singapore, which is a 13-hour trip?',
    source: 'Travel Booking',
  },
  { question: "What's the most I can spend per night on a place to stay in Manhattan?", source: 'Travel Booking' },
  { question: 'Is it possible to buy my current MacBook when it gets swapped out?', source: 'Laptop Refresh' },
  { question: 'What does a "nit:" prefix mean on a comment on my pull request?', source: 'Code Review Rules' },
  { question: 'When is the write-up due after a major outage?', source: 'Incident Postmortems' },
  { question: 'How many unused vacation days can I take into next year?', source: 'Holiday Calendar' },
  { question: 'Is the office open in the week between Christmas and New Year?', source: 'Holiday Calendar' },
  { question: 'How do I get a spot in the car garage under the building?', source: 'Parking' },
  { question: 'Does the company cover my monthly bouldering membership?', source: 'Gym Reimbursement' },
  {
    question: 'Nothing came out after I sent my document to print. Do I have to do something at the machine?',
    source: 'Printer Troubleshooting',
  },
  { question: 'I start on Monday. At what time, and where, do I collect my laptop?', source: 'Onboarding Checklist' },
  { question: 'Can we still deploy a new feature between mid-December and early January?', source: 'Release Freeze' },
  { question: 'How long do we hold on to accounting documents?', source: 'Data Retention' },
  {
    question: 'A customer paying month to month asked to be reimbursed. Is that possible?',
    source: 'Customer Refund Policy',
  },
  { question: 'As a staff member, can I get paid for finding a weakness in our website?', source: 'Bug Bounty' },
  { question: 'What minimum contrast do our text colours need?', source: 'Accessibility Guidelines' },
  {
    question: "One of our clients keeps hitting the ceiling on API calls. What's the allowance on the mid-level plan?",
    source: 'API Rate Limits',
  },
  {
    question: "What's the maximum amount of recent data we accept losing in a restore?",
    source: 'Backup Restore Drill',
  },
  {
    question: 'I got a new phone and my authenticator app is gone. How do I get back into my accounts?',
    source: 'SSO Setup',
  },
  { question: 'Who do I talk to about booking our largest room for a team workshop?', source: 'Meeting Room Booking' },
  { question: 'How far in advance must I ask to switch to a different desk?', source: 'Desk Moving' },
  {
    question: "I've been invited to speak at a tech conference. Does that use up my yearly budget?",
    source: 'Conference Budget',
  },
  {
    question: 'When can I sign up to be paired with a senior colleague for career guidance?',
    source: 'Mentoring Program',
  },
  { question: 'When does a raise in salary actually show up in my pay?', source: 'Performance Reviews' },
  { question: 'Do we get a budget for furnishing a home office?', source: 'Remote Work Stipend' },
  {
    question: 'I need to send a monitor to a colleague in Canada. What paperwork does that take?',
    source: 'Shipping Hardware',
  },
  { question: 'Will the company pay for my Japanese language lessons?', source: 'Language Classes' },
  { question: 'How much time off do I get for charity work?', source: 'Volunteer Day' },
  { question: 'How do I raise a concern about my boss cooking the books, anonymously?', source: 'Whistleblower Line' },
  { question: 'Where is the defibrillator in the building?', source: 'First-Aid Kits' },
];
