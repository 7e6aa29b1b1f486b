"""The demo's stories. Invented news, written for newsdesk's offline tour."""

WORLD = [
    dict(slug="river-treaty-signed", title="Six nations sign river treaty after a decade of talks",
         author="Marta Quiroga", date="2026-11-26T09:12:00Z",
         body=[
             "<p>Six countries that share the Selva river basin signed a water-sharing treaty on Wednesday, ending more than ten years of negotiations over dams, irrigation quotas and fishing rights.</p>",
             "<p>The agreement sets minimum flows for the dry season and creates a joint commission with the power to inspect new dams before they are built. Delegates applauded for several minutes when the last signature was added in the conference hall in Puerto Alvear.</p>",
             "<blockquote><p>“Nobody got everything they wanted, which is usually how you know a treaty will last,” said the commission's first chair, Elena Varga.</p></blockquote>",
             "<p>Farm groups downstream welcomed the guaranteed flows, while two hydropower companies said they would need to review the inspection rules. The treaty enters into force once four of the six parliaments ratify it.</p>",
             "<h3>What the treaty sets</h3><ul><li>A minimum flow of 180 cubic metres a second at the delta in the dry season</li><li>Inspection of any dam taller than 15 metres before construction</li><li>A shared flood-warning network, paid for in proportion to basin area</li></ul>",
         ]),
    dict(slug="port-strike-ends", title="Dock workers end nine-day strike as port backlog eases",
         author="Tomasz Wieczorek", date="2026-11-26T06:40:00Z",
         body=[
             "<p>Dock workers at the port of Kessel returned to work on Thursday morning after their union accepted a pay offer that ended a nine-day strike, the longest at the port since 1998.</p>",
             "<p>More than 140 container ships had been waiting at anchor at the height of the dispute. Port officials said the queue had already fallen to 60 by midday and that normal operations should resume within two weeks.</p>",
             "<p>The deal raises basic pay by 6.5 percent this year and 4 percent next year, and limits night shifts to three a week for workers over 55. Union members approved it by 71 percent in an overnight ballot.</p>",
         ]),
    dict(slug="heatwave-records", title="Southern Europe ends warmest November on record",
         author="Giulia Ferraro", date="2026-11-25T17:05:00Z",
         body=[
             "<p>Weather services in four countries said this month would be the warmest November since records began, with daytime temperatures in parts of the south coast still above 25&nbsp;°C in the final week.</p>",
             "<p>Ski resorts in the mountains have postponed their openings, and several reservoirs are below a third of capacity. Farmers reported fruit trees flowering for a second time, which agronomists warned could weaken next year's harvest.</p>",
             "<p>Meteorologists expect a colder air mass to arrive early next week, bringing the first snow of the season above 1,500 metres.</p>",
         ]),
    dict(slug="election-runoff", title="Runoff set as no candidate wins majority in presidential vote",
         author="Aminata Diallo", date="2026-11-25T11:30:00Z",
         body=[
             "<p>Voters will return to the polls on December 14 after neither of the two leading candidates won more than half of the vote in Sunday's presidential election, the electoral commission said.</p>",
             "<p>Former finance minister Koffi Mensah took 44.2 percent and the mayor of the capital, Adjoa Boateng, 38.9 percent, on a turnout of 68 percent. The remaining seven candidates shared the rest.</p>",
             "<p>Both finalists spent Monday courting the third-placed candidate, whose party campaigned on rural roads and school meals. Observers from regional bodies described the vote as orderly, with isolated delays in opening polling stations.</p>",
         ]),
    dict(slug="rail-link-opens", title="Cross-border rail link opens, cutting journey to under two hours",
         author="Lena Hartmann", date="2026-11-24T15:20:00Z",
         body=[
             "<p>The first scheduled trains ran on a new high-speed line between Brandt and Oslava on Monday, cutting the journey between the two cities from four hours to one hour and 52 minutes.</p>",
             "<p>The line took eleven years to build and cost 7.4 billion euros, two billion more than first planned, largely because of a 14-kilometre tunnel under the Harz ridge. Eighteen trains a day will run in each direction from December.</p>",
             "<h3>Timetable at a glance</h3><table><thead><tr><th>Service</th><th>Trains a day</th><th>Fastest time</th></tr></thead><tbody><tr><td>Brandt – Oslava</td><td>18</td><td>1 h 52</td></tr><tr><td>Brandt – Lenz</td><td>12</td><td>58 min</td></tr><tr><td>Lenz – Oslava</td><td>12</td><td>51 min</td></tr></tbody></table>",
             "<p>Airlines have already cut two daily flights on the route, and the regional airport said it expected passenger numbers to fall by a quarter next year.</p>",
         ]),
    dict(slug="food-prices-fall", title="Global food prices fall for third month, UN agency says",
         author="Rahul Menon", date="2026-11-24T08:00:00Z",
         body=[
             "<p>World food commodity prices fell for a third consecutive month in November, led by cheaper vegetable oils and cereals, according to a monthly index published by a UN agency.</p>",
             "<p>The index averaged 118.3 points, down 1.4 percent from October and 6 percent lower than a year earlier. Dairy prices rose slightly, while sugar was unchanged.</p>",
             "<p>Analysts cautioned that lower world prices take months to reach shop shelves, and that a weak harvest in the southern hemisphere could reverse the trend early next year.</p>",
         ]),
    dict(slug="museum-returns-artefacts", title="Museum returns 32 bronze artefacts to their country of origin",
         author="Claire Dubois", date="2026-11-23T13:45:00Z",
         body=[
             "<p>A national museum handed back 32 bronze plaques and figures on Sunday in a ceremony attended by the two countries' culture ministers, completing a return agreed three years ago.</p>",
             "<p>The objects were taken during a military expedition in 1897 and had been on display in the museum's west wing since 1923. They will go on show in a new gallery in the city where they were made, which opens in the spring.</p>",
             "<blockquote><p>“These are not decorations. They are records of our kings, and now our children can read them at home,” the receiving minister said.</p></blockquote>",
         ]),
    dict(slug="fishing-quotas", title="Fishing quotas cut by a fifth to protect cod stocks",
         author="Ingrid Solberg", date="2026-11-22T10:10:00Z",
         body=[
             "<p>Ministers agreed to cut next year's cod quota in the northern sea by 20 percent after scientists warned that the spawning stock had fallen close to its lowest safe level.</p>",
             "<p>Fishing communities said the cut would cost hundreds of jobs, and the ministers promised a compensation fund of 90 million for boats that stay in port for part of the season. Quotas for haddock and herring were raised slightly.</p>",
         ]),
]

TECH = [
    dict(slug="open-firmware-laptops", title="Laptop maker ships open firmware on its whole range",
         author="Priya Natarajan", date="2026-11-26T14:00:00Z",
         body=[
             "<p>A mid-sized laptop maker said on Wednesday that every model it sells will ship with open-source firmware from January, replacing the proprietary code that starts the machine before the operating system loads.</p>",
             "<p>The company said the change lets owners audit and update the earliest code that runs on their machines, and lets it fix security problems without waiting for a supplier. Boot times fell by about a third in its tests.</p>",
             "<p>To check which firmware a machine runs on Linux, owners can read the DMI tables:</p><pre><code>$ cat /sys/class/dmi/id/bios_vendor\ncoreboot\n$ cat /sys/class/dmi/id/bios_version\n4.22-1</code></pre>",
             "<p>Older models will get the new firmware through an update in the spring, the company said.</p>",
         ]),
    dict(slug="database-release", title="Embedded database adds vector search in new release",
         author="Jonas Berg", date="2026-11-26T07:30:00Z",
         body=[
             "<p>The maintainers of a widely used embedded database released version 5.0 on Tuesday, adding an index for similarity search over vectors alongside its full-text search.</p>",
             "<p>The release keeps the file format readable by version 4, a promise the project has kept since 2004. Benchmarks published with the release show queries over a million 384-dimension vectors returning in under 20 milliseconds on a laptop.</p>",
             "<ol><li>New <code>VECTOR</code> column type and index</li><li>Faster write-ahead log checkpoints</li><li>Stricter type checking, off by default</li></ol>",
         ]),
    dict(slug="chip-plant-delay", title="Chip plant delayed a year as equipment deliveries slip",
         author="Mei Lin", date="2026-11-25T09:50:00Z",
         body=[
             "<p>A chip manufacturer pushed back the opening of its new plant by a year, saying deliveries of lithography machines had slipped and that it could not hire enough technicians in time.</p>",
             "<p>The plant, which was meant to start production in late 2027, will now open in 2028. The company kept its investment plan of 18 billion dollars unchanged and said the delay would not affect supplies to existing customers.</p>",
         ]),
    dict(slug="browser-drops-cookies", title="Browser maker sets date to end third-party cookies",
         author="Sam Okafor", date="2026-11-24T18:25:00Z",
         body=[
             "<p>A browser maker said it would block third-party cookies for all users by default from June, after two years of tests in which advertisers and regulators raised concerns about the replacements it proposed.</p>",
             "<p>Sites that rely on embedded sign-in or payment forms will be able to ask users for storage access through a prompt. The company said fewer than two percent of page loads in its tests needed the prompt.</p>",
             "<p>Advertising groups said the timetable was tight; privacy researchers called it overdue.</p>",
         ]),
    dict(slug="satellite-internet-outage", title="Satellite internet service restored after eight-hour outage",
         author="Diego Ramos", date="2026-11-23T22:40:00Z",
         body=[
             "<p>A satellite internet provider restored service to customers in three continents after an outage of about eight hours, which it blamed on a faulty software update to its ground stations.</p>",
             "<p>The company said the update had been rolled back and that it would stage future changes region by region. Airlines and shipping firms that use the service for crew messaging reported disruption, but no safety systems were affected.</p>",
         ]),
    dict(slug="right-to-repair", title="Right-to-repair rules extend to phones and tablets",
         author="Hanna Kowalczyk", date="2026-11-23T10:15:00Z",
         body=[
             "<p>New rules require phone and tablet makers to sell spare parts for seven years after a model leaves the market, and to publish repair manuals for independent workshops.</p>",
             "<p>Batteries must be replaceable with ordinary tools, and software updates must not disable parts fitted by third parties, the rules say. Manufacturers have eighteen months to comply.</p>",
             "<blockquote><p>“A cracked screen should not be the end of a phone's life,” the lawmaker who led the negotiations said.</p></blockquote>",
         ]),
    dict(slug="rust-in-kernel-drivers", title="More kernel drivers written in memory-safe languages, maintainers say",
         author="Ola Nordmann", date="2026-11-21T16:00:00Z",
         body=[
             "<p>Kernel maintainers said at an annual summit that the number of drivers written in memory-safe languages had doubled this year, with new graphics and network drivers among them.</p>",
             "<p>Several maintainers said the main cost was reviewing bindings between old and new code rather than the drivers themselves. A proposal to require memory-safe languages for new drivers in some subsystems will be discussed next year.</p>",
         ]),
    dict(slug="quantum-error-correction", title="Researchers report error rate milestone on quantum processor",
         author="Yuki Tanaka", date="2026-11-20T12:00:00Z",
         body=[
             "<p>A university team reported that a logical qubit built from 49 physical qubits kept its state with fewer errors than any of its parts, a milestone for error correction that had been predicted for years.</p>",
             "<p>The team cautioned that useful machines would need thousands of such logical qubits. Their paper, published on Thursday, includes the full calibration data so that other groups can check the result.</p>",
         ]),
]

SCIENCE = [
    dict(slug="comet-flyby", title="Comet's closest pass offers rare view of its nucleus",
         author="Nadia Rahman", date="2026-11-26T19:30:00Z",
         body=[
             "<p>A comet discovered last year passed 12 million kilometres from Earth on Wednesday, close enough for radar telescopes to map its nucleus, which turned out to be two lobes joined by a narrow neck.</p>",
             "<p>Astronomers said the shape suggested two smaller bodies had merged gently early in the solar system's history. The comet will be visible with binoculars for another week, low in the western sky after sunset.</p>",
             "<p>The radar team has published its images and a finder chart on <a href=\"https://observatory.example/comet-radar\">the observatory's site</a>.</p>",
         ]),
    dict(slug="coral-recovery", title="Coral cover recovers on reef after two years without bleaching",
         author="Lucas Moreau", date="2026-11-25T07:00:00Z",
         body=[
             "<p>Surveys of a large barrier reef found that hard coral cover had risen to 31 percent on its northern section, up from 19 percent three years ago, after two summers without mass bleaching.</p>",
             "<p>Most of the gain came from fast-growing table corals, which are also the most vulnerable to heat and storms. Scientists warned that a single hot summer could undo the recovery.</p>",
             "<figure><img src=\"/img/reef.jpg\" alt=\"Table corals on the northern reef\"><figcaption>Table corals on the northern section, surveyed in October.</figcaption></figure>",
         ]),
    dict(slug="ancient-bread", title="Archaeologists find 8,000-year-old bread in hearth",
         author="Selin Kaya", date="2026-11-24T11:11:00Z",
         body=[
             "<p>Charred remains found in a hearth at a Neolithic village are the remains of bread made from wheat and barley about 8,000 years ago, a study published on Monday concluded.</p>",
             "<p>Microscope images showed air bubbles and ground grain, which set the remains apart from porridge. The find pushes back evidence of bread-making in the region by about a thousand years.</p>",
         ]),
    dict(slug="battery-recycling", title="New process recovers 95 percent of lithium from old batteries",
         author="Erik Lindqvist", date="2026-11-23T09:00:00Z",
         body=[
             "<p>Chemists described a recycling process that recovers 95 percent of the lithium and nearly all the nickel and cobalt from spent electric car batteries, using water-based solutions at room temperature.</p>",
             "<p>Current plants either burn batteries, losing most of the lithium, or dissolve them in strong acids. The team said a pilot plant processing 500 tonnes a year would open next autumn.</p>",
         ]),
    dict(slug="bird-migration-radar", title="Weather radar shows songbird migration shifting earlier",
         author="Ruth Abernethy", date="2026-11-22T15:45:00Z",
         body=[
             "<p>Two decades of weather radar data show that the peak of the spring songbird migration over the continent now comes nine days earlier than in 2005, researchers reported.</p>",
             "<p>The shift tracks warmer springs, but some species still leave their winter grounds on fixed dates set by day length, which may leave them arriving after the insects they feed on have peaked.</p>",
         ]),
    dict(slug="sleep-study", title="Teenagers who start school later sleep 40 minutes more, study finds",
         author="Grace Whitfield", date="2026-11-21T08:20:00Z",
         body=[
             "<p>Pupils at schools that moved their start time from 8:00 to 8:50 slept 40 minutes more on school nights two years later, with no change in the time they went to bed, a study of 12 schools found.</p>",
             "<p>Attendance at first lessons rose, and pupils reported less daytime sleepiness. The authors said cost of buses and parents' work hours were the main obstacles to later starts.</p>",
         ]),
    dict(slug="volcano-monitoring", title="Volcano observatory raises alert level after swarm of small quakes",
         author="Björn Einarsson", date="2026-11-20T20:05:00Z",
         body=[
             "<p>Scientists raised the alert level for a volcano on the peninsula from green to yellow after recording more than 600 small earthquakes in 48 hours and a rise of 4 centimetres in the ground above a magma chamber.</p>",
             "<p>The observatory said an eruption was not imminent but could follow within weeks if the uplift continued. Roads near the fissure zone stay open, and residents were told to check the observatory's updates.</p>",
         ]),
]

BRIEFS = [
    dict(slug="bridge-repairs", title="City bridge to close for repairs over winter",
         author="Metro desk", date="2026-11-26T12:15:00Z",
         teaser="The Old Mill bridge will close to cars from January for four months while engineers replace its bearings…",
         body=[
             "<p>The Old Mill bridge will close to cars from January 8 for about four months while engineers replace its bearings and resurface the deck, the city's transport department said on Wednesday.</p>",
             "<p>Pedestrians and cyclists will be able to use a temporary walkway on the north side for most of the works. Buses on routes 12 and 31 will be diverted over the Harbour bridge, adding about six minutes to journeys.</p>",
             "<p>The bridge carries about 22,000 vehicles a day. Inspectors found corrosion in two bearings last spring, and a weight limit of 7.5 tonnes has applied since then.</p>",
         ]),
    dict(slug="library-hours", title="Central library extends evening opening hours",
         author="Metro desk", date="2026-11-26T08:05:00Z",
         teaser="From next month the central library will stay open until 10 p.m. on weekdays. Read more",
         body=[
             "<p>The central library will stay open until 10 p.m. on weekdays from December 1, two hours later than now, after a trial in the autumn drew an average of 340 visitors in the extra hours.</p>",
             "<p>Most late visitors were students and people working shifts, a survey found. The extension is paid for by moving two mobile library routes to a reduced timetable.</p>",
         ]),
    dict(slug="market-returns", title="Farmers' market returns to the cathedral square",
         author="Metro desk", date="2026-11-25T16:40:00Z",
         teaser="After two years at the old bus depot, the Saturday farmers' market is moving back…",
         body=[
             "<p>The Saturday farmers' market will move back to the cathedral square from December 6, two years after it left for the old bus depot while the square was repaved.</p>",
             "<p>Forty-two stallholders have signed up, up from 30 before the move. Traders said the depot had been dry but hard to find, and that takings had fallen by about a fifth.</p>",
         ]),
    dict(slug="tram-night-service", title="Night trams to run on weekends from spring",
         author="Metro desk", date="2026-11-25T09:25:00Z",
         teaser="Two tram lines will run all night on Fridays and Saturdays from April, the transport authority said…",
         body=[
             "<p>Trams on lines 2 and 5 will run every 20 minutes through the night on Fridays and Saturdays from April, the transport authority said, replacing night buses on the same routes.</p>",
             "<p>The authority expects about 4,000 passengers a night. Residents along line 5 had asked for quieter rails on the curve at Linden Street, which will be fitted with lubricators before the service starts.</p>",
         ]),
    dict(slug="park-trees", title="Volunteers plant 1,200 trees in riverside park",
         author="Metro desk", date="2026-11-24T14:00:00Z",
         teaser="More than 300 volunteers spent Sunday planting oak, lime and alder along the river…",
         body=[
             "<p>More than 300 volunteers planted 1,200 young oak, lime and alder trees along the river on Sunday, the first phase of a plan to double tree cover in the riverside park by 2030.</p>",
             "<p>The parks department chose native species that tolerate flooding. A second planting day is planned for March, and residents can sponsor a tree for 25 euros.</p>",
         ]),
    dict(slug="school-meals", title="Free school meals extended to all primary pupils",
         author="Metro desk", date="2026-11-23T10:30:00Z",
         teaser="The council voted to give every primary school pupil a free hot lunch from next September…",
         body=[
             "<p>The city council voted on Thursday to give every primary school pupil a free hot lunch from next September, extending a scheme that now covers about a third of pupils.</p>",
             "<p>The scheme will cost about 11 million a year. Supporters said it would remove the stigma of means-tested meals; opponents said the money should go to the poorest families first.</p>",
         ]),
    dict(slug="swimming-pool", title="Renovated public pool reopens with longer lanes",
         author="Metro desk", date="2026-11-22T07:50:00Z",
         teaser="The Eastside pool reopened on Saturday after a two-year renovation…",
         body=[
             "<p>The Eastside public pool reopened on Saturday after a two-year renovation that lengthened its main pool to 50 metres and added a teaching pool for children.</p>",
             "<p>Solar panels on the roof heat about half of the water. Entry prices are unchanged, and early-morning lanes for lap swimmers open at 6 a.m. every day.</p>",
         ]),
]
