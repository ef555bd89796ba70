import type { Lexicon } from './lexicon-types.ts';

/**
 * English cues. Written from the DESIGN §4 family descriptions and the
 * vocabulary citizens use on sticky notes; tuned on the dev fixtures only.
 * Weight 2 = the word alone names the family's object; 1 = usual cue;
 * below 1 = weak hint that only counts when nothing better is present.
 */
export const lexiconEn: Lexicon = {
  A00: ['poverty=2', 'poor=1.5', 'rich=1.5', 'wealth*=1.5', 'means of living=3', 'make ends meet=3', 'basic needs=3', 'cost of living=3',
    'afford*', 'necessities=2', 'essentials=1.5', 'expensive', 'price*', 'cost', 'costs', 'cheap*', 'deprivation=2', 'destitut*=2'],
  A01: [
    'cupboard*=1', 'meat=1.5', 'fish=1', 'milk=1.5', 'pasta=1.5', 'rice=1', 'supper=1.5', 'takeaway*=1', 'packed lunch*=2', 'school dinner*=2',
    'food prices=3', 'nappies=1', 'baby milk=2', 'sandwich*=1.5', 'snack*=1.5',
    'food*=2', 'eat*=2', 'meal*=2', 'hunger=2', 'hungry=2', 'starv*=2', 'groceri*=2', 'grocery=2', 'breakfast=2', 'lunch=1.5', 'dinner=1.5',
    'cook*=2', 'vegetabl*=2', 'fruit*=1.5', 'bread=2', 'drinking water=3', 'water', 'drink*', 'nutrition*=2', 'diet', 'canteen=2', 'fed=1.5',
    'food bank*=2', 'soup kitchen=2'],
  A02: [
    'chemist*=1.5', 'hearing aid*=2', 'operation*=1', 'midwife=2', 'waiting time*=2', 'see a doctor=3', 'health visitor*=2', 'blood test*=2',
    'appointment with=1',
    'doctor*=2', 'gp=2', 'gps=2', 'hospital*=2', 'medic*=2', 'dentist*=2', 'dental=2', 'nurse*=2', 'treatment*=2', 'health care=3', 'healthcare=3',
    'health service*=3', 'health centre=3', 'clinic*=2', 'pharmac*=2', 'prescription*=2', 'specialist*=2', 'surgery=1.5', 'waiting list*=2',
    'ambulance*=2', 'health insurance=3', 'reimburs*=1.5', 'vaccin*=2', 'emergency room=3', 'physio*=2', 'psychiatr*=2', 'glasses=1', 'optician*=2'],
  A03: [
    'repairs=1.5', 'cockroach*=2', 'mice=1.5', 'temporary accommodation=3', 'sofa surfing=3', 'caravan*=1.5', 'moving house=2', 'washing machine=1.5',
    'two bedroom*=2', 'tower block*=1', 'block of flats=2', 'keys=1', 'lodger*=2', 'bedsit*=2', 'radiator*=1.5', 'leak*=1.5',
    'hous*=2', 'home=0.5', 'homes=0.5', 'homeless*=3', 'flat=1.5', 'flats=1.5', 'apartment*=2', 'rent=2', 'rents=2', 'rented=2', 'renting=2', 'landlord*=2',
    'roof=2', 'shelter*=2', 'accommodation*=2', 'heating=2', 'damp=2', 'mould*=2', 'mold*=2', 'evict*=2', 'mortgage*=2', 'furniture=2',
    'social housing=3', 'council flat*=3', 'council house*=3', 'bedroom*=1.5', 'overcrowd*=2', 'place to live=1.5', 'place to stay=2', 'my house=2',
    'sleeping rough=3', 'hostel*=2', 'hot water=2', 'bathroom*=1.5', 'on the street=2', 'on the streets=2', 'lodging*=2', 'insulation=2', 'electricity=1', 'own home=2'],
  A04: [
    'jeans=2', 'gloves=1.5', 'socks=1.5', 'new clothes=3', 'school uniform*=3', 'trousers=2', 'hat=1',
    'cloth*=2', 'shoe*=2', 'coat*=2', 'jacket*=2', 'dress*=1.5', 'second hand=1', 'wardrobe=1.5', 'trainers=1.5', 'boots=1.5', 'uniform*=1'],
  A05: [
    'gcse*=2', 'a levels=2', 'primary school=2', 'secondary school=2', 'tutor*=1.5', 'grades=1.5', 'reading and writing=2', 'computer course*=3',
    'evening class*=3', 'night school=3', 'kindergarten=2', 'graduat*=2',
    'school*', 'educat*=2', 'study=2', 'studies=2', 'studying=2', 'student*=2', 'universit*=2', 'college*=2', 'learn*=2', 'training=2', 'trainings=2',
    'course*=1.5', 'teacher*=2', 'class=1', 'classes=1', 'diploma*=2', 'degree*=1.5', 'qualif*=2', 'apprentic*=2', 'literacy=2', 'homework=2',
    'skills=1', 'exam*=2', 'lesson*=1', 'teaching=2', 'pupil*=1.5'],
  A06: [
    'cv=2', 'interview*=1.5', 'job hunting=3', 'job seeker*=3', 'jobseeker*=3', 'minimum wage=3', 'self employed=2', 'hired=1.5', 'pay rise=3',
    'work experience=2', 'cleaning job*=2', 'part time=2', 'full time=2', 'promotion=1.5',
    'job=2', 'jobs=2', 'work=1.5', 'works=1', 'working=1', 'unemploy*=2', 'employ*=2', 'salar*=2', 'wage*=2', 'paid=1', 'earn*=1.5', 'income*=2',
    'career*=2', 'contract*=1.5', 'redundan*=2', 'laid off=2', 'fired=1.5', 'boss=1', 'worker*=1', 'jobless=2', 'shift=1.5', 'shifts=2', 'overtime=2', 'zero hours=2', 'payslip*=2', 'profession*=1.5', 'trade=1'],
  A07: [
    'telly=1.5', 'cards=1', 'chess=2', 'bowling=2', 'karaoke=2', 'zoo=2', 'picnic*=2', 'barbecue*=1.5', 'gig*=1.5', 'night out=2', 'nights out=2',
    'restaurant*=1.5', 'eating out=2', 'shows=1.5', 'swimming pool=2', 'scouts=2', 'haircut=1.5', 'something to do=2', 'guitar=2', 'piano=2', 'crochet=2',
    'sewing=2', 'baking=2', 'puzzle*=1.5', 'quiz*=1.5', 'day trip*=2',
    'leisure=2', 'hobb*=2', 'sport*=2', 'football=2', 'soccer=2', 'basketball=2', 'swim*=2', 'gym=2', 'cinema*=2', 'movie*=2', 'film*=2', 'concert*=2',
    'music*=2', 'reading=2', 'read=1.5', 'book=1.5', 'books=1.5', 'holiday*=2', 'vacation*=2', 'trip*=2', 'travel*=1.5', 'museum*=2', 'theatre*=2', 'theater*=2',
    'culture=1.5', 'cultural=1.5', 'danc*=2', 'painting=2', 'drawing=2', 'garden*=1', 'walk*=0.5', 'play=1', 'playing=1', 'plays=1', 'outing*=2', 'allotment*=2', 'bingo=2', 'the match=2', 'pub=1.5', 'pubs=1.5',
    'activit*=1', 'events=1', 'event=1', 'club*=1', 'library=1.5', 'libraries=1.5', 'games=1.5', 'video games=2', 'camping=2', 'fishing=2', 'knit*=2', 'singing=2', 'choir=2',
    'festival*=2', 'going out=1.5', 'day out=2', 'fitness class*=2', 'crafts=2', 'photography=2', 'tv series=2', 'netflix=2', 'cycling=1', 'bike ride*=2', 'hiking=2'],
  A08: [
    'driving test=3', 'motorbike*=2', 'bus fare*=3', 'timetable*=1.5', 'car insurance=3', 'bus service*=3', 'train fare*=3', 'walking distance=2',
    'transport*=2', 'bus=2', 'buses=2', 'train=2', 'trains=2', 'tram*=2', 'metro=2', 'subway=2', 'car=1.5', 'driv*=1.5', 'licence=1', 'license=1', 'bike*=1',
    'bicycl*=1.5', 'cycl*=1', 'petrol=2', 'fuel=1.5', 'mobility=2', 'taxi*=2', 'bus driver*=1', 'commut*=2', 'get around=2', 'get to work=2', 'lift*=0.5', 'travel card=3', 'bus pass=3', 'railway*=2'],
  A09: [
    'social care=2', 'care package=3', 'day centre=3', 'day center=3', 'cleaner=1', 'home carer*=3', 'nursing home*=3', 'after school club*=3',
    'breakfast club*=2',
    'home help=3', 'carer*=2', 'caregiver*=2', 'care home*=3', 'nursery=2', 'nurseries=2', 'childcare=3', 'child care=3', 'childminder*=3', 'day care=3', 'daycare=3',
    'help at home=3', 'personal services=3', 'home care=3', 'babysit*=2', 'care=0.5', 'looking after=1', 'assistance=1', 'support worker*=2', 'meals on wheels=3', 'respite=2', 'respite care=3', 'disabled people=1'],
  A10: [
    'skint=2', 'struggling=1', 'loan shark*=3', 'vouchers=1.5', 'child benefit=3', 'income support=3', 'energy bill*=3', 'heating bill*=3', 'council tax=2',
    'quid=1.5', 'pounds=1', 'euros=1', 'pay day=2', 'payday=2', 'arrears=2', 'food vouchers=3',
    'money=2', 'cash=2', 'debt*=2', 'loan*=2', 'credit*=1.5', 'bank account*=2', 'saving*=1.5', 'savings=2', 'benefit*=2', 'allowance*=2', 'pension*=2',
    'bill=2', 'bills=2', 'end of the month=3', 'broke=1.5', 'universal credit=3', 'budget*=1', 'retire*=1.5', 'financ*=2', 'overdraft=2', 'bailiff*=2', 'pay=1', 'paying=1', 'buy=1', 'buying=1'],
  A11: [
    'facebook=1', 'tablet=1', 'leaflet*=1.5', 'noticeboard*=2', 'newsletter*=2', 'computer skills=3', 'data=1', 'mobile phone*=2', 'to be informed=3',
    'internet=2', 'information=2', 'inform*=2', 'knowing about=1.5', 'know about=1.5', 'news*=1.5', 'phone*=1.5', 'smartphone*=2', 'wifi=2', 'computer*=2', 'digital*=1.5', 'social media=2',
    'communicat*=1', 'website*=2', 'tv=1', 'television=1', 'radio=1.5', 'online=1.5', 'email*=1.5', 'broadband=2', 'signal=1.5', 'network=1', 'paper=1', 'papers=1', 'whats on=1.5', 'what s on=1.5'],

  B00: [
    'beautiful=0.5', 'flood*=1', 'scenery=2', 'neighbourhood looks=2',
    'environment*=2', 'enviroment*=2', 'surroundings=2', 'neighbourhood=1', 'neighborhood=1', 'area=0.5', 'district=0.5', 'town=0.5', 'city=0.5',
    'village=0.5', 'estate=0.5', 'street=0.5', 'streets=0.5', 'countryside=2', 'living environment=3', 'view=1', 'run down=2', 'rundown=2', 'pleasant=1.5',
    'climate=1', 'weather=1.5', 'place to live=0.5', 'where i live=1.5', 'where we live=1.5', 'run-down=2'],
  B01: [
    'lorries=1.5', 'lorry=1.5', 'traffic jam*=2', 'pigeons=1', 'dust=1.5', 'exhaust fumes=3', 'overflowing=1.5', 'bin day=2', 'recycling bins=2', 'stench=2',
    'pollut*=2', 'noise=2', 'noisy=2', 'dirt=2', 'dirty=2', 'clean=1', 'cleanliness=2', 'litter=2', 'rubbish=2', 'garbage=2', 'trash=2', 'waste=1',
    'graffiti=2', 'dog poo=3', 'dog mess=3', 'smell*=1.5', 'stink*=2', 'fumes=2', 'smog=2', 'factory=1.5', 'factories=1.5', 'chimney*=1', 'traffic=1.5', 'air quality=3', 'fresh air=3', 'air=1', 'quiet=1', 'loud=1.5', 'fly tipping=3', 'bins=1.5'],
  B02: [
    'zebra crossing*=3', 'roundabout*=2', 'lifts=1', 'broken lift*=2', 'footpath*=2', 'street lamp*=3', 'potholed=2', 'ramps=1.5', 'dropped kerb*=3',
    'road*=1.5', 'pavement*=2', 'sidewalk*=2', 'pothole*=2', 'street light*=3', 'streetlight*=3', 'lighting=2', 'infrastructure*=2', 'bridge*=1.5', 'sewer*=2',
    'drainage=2', 'public toilets=3', 'parking=1.5', 'speed bump*=2', 'cycle lane*=2', 'bike lane*=2', 'cycle path*=3', 'bike path*=3', 'underpass*=2', 'tunnel*=1', 'bus stop*=3', 'roadworks=2', 'lights=0.5', 'crossing*=1.5'],
  B03: [
    'somewhere to sit=3', 'city centre=1.5', 'high street=2', 'market square=3', 'fountain*=1.5', 'seating=2',
    'square=1.5', 'squares=1.5', 'public space*=3', 'playground*=2', 'play area*=2', 'meeting place*=3', 'places to meet=3', 'place to meet=3', 'community garden*=2',
    'bench=1.5', 'benches=1.5', 'skate park=2'],
  B04: [
    'sky=1.5', 'sunset*=1.5', 'wildlife=2', 'hedge*=1.5', 'grass=1.5', 'fields=1.5', 'countryside walks=3', 'the coast=2', 'seashore=2', 'meadow*=2',
    'nature=2', 'natural=1', 'park=2', 'parks=2', 'green space*=3', 'green=1', 'greenery=2', 'tree*=2', 'forest*=2', 'woods=2', 'woodland=2', 'river*=2',
    'sea=2', 'seaside=1.5', 'beach*=2', 'mountain*=2', 'lake*=2', 'flower*=1.5', 'landscape*=2', 'duck*=1.5', 'pond*=2', 'hill*=1.5', 'birds=1.5', 'animals=1', 'open air=2', 'outdoors=1.5', 'countryside=1', 'sunshine=1', 'sun=1'],
  B05: [
    'syringe*=2', 'dark alley*=2', 'cctv=2', 'antisocial=1', 'joyrid*=2', 'street lighting=3',
    'safe=1', 'safety=1', 'unsafe=2', 'danger*=2', 'insecur*=1.5', 'crime=1.5', 'dealers=2', 'drug dealing=2', 'burglar*=2', 'theft=1.5', 'vandal*=2', 'mugged=2', 'gangs=1.5'],
  B06: [
    'closed down=1', 'corner shop*=3', 'local market=3', 'butcher*=1.5', 'cafe=1', 'cafes=1',
    'shop=1', 'shops=1.5', 'shopping=0.5', 'store*=1', 'local shops=3', 'market*=1', 'bakery=1.5', 'post office=2', 'supermarket*=1.5', 'cash machine=2'],

  C00: [
    'caseworker*=2', 'public money=3', 'austerity=2',
    'institution*=2', 'state=1', 'system=2', 'government*=2', 'authorit*=2', 'official*=1.5', 'public services=3', 'public service=3', 'cuts=1', 'budget cuts=3', 'grant=2', 'grants=2', 'funding=1.5', 'trust in=1'],
  C01: [
    'prime minister=2', 'elected officials=3', 'local government=3',
    'politic*=2', 'mayor*=2', 'council=2', 'councils=1', 'councillor*=2', 'town hall=3', 'city hall=3', 'municipal*=2', 'elected=1.5', 'minister*=2', 'parliament*=2',
    'local authorit*=3', 'corrupt*=2', 'mp=1.5', 'mps=1.5'],
  C02: [
    'sanction*=2', 'case officer*=3', 'online forms=3', 'phone line*=2', 'on hold=2', 'passport*=1.5', 'visa*=1.5', 'residence permit*=3', 'registry=1.5',
    'administrat*=2', 'paperwork=2', 'bureaucra*=2', 'forms=2', 'job centre=3', 'jobcentre=3', 'job center=3', 'social services=3', 'social worker*=3',
    'civil servant*=3', 'office*=1', 'queue*=1', 'housing office=3', 'benefit office=3', 'tax*=1.5', 'appointment*=1', 'red tape=3', 'services=1', 'waiting for hours=2', 'helpline=2'],
  C03: [
    'appeal*=1', 'tribunal*=2', 'custody=1.5', 'police station=3', 'criminal record=3', 'legal aid=3',
    'justice=1.5', 'court*=2', 'judge=1.5', 'judges=1.5', 'lawyer*=2', 'law=1.5', 'laws=2', 'police=2', 'polic*=2', 'rights=1', 'legal*=1.5', 'prison*=2', 'harass*=1', 'cops=2', 'fines=1'],
  C04: [
    'my vote=3', 'consultation*=2', 'public meeting*=3', 'residents meeting*=3', 'a voice=2', 'our voice=3',
    'vote*=2', 'voting=2', 'elect*=1.5', 'democra*=2', 'participat*=1', 'decision*=1', 'decide*=0.5', 'have a say=3', 'consult*=1.5', 'citizen*=1', 'referend*=2',
    'petition*=2', 'listen to us=2', 'listened to=1', 'taken into account=1.5', 'our opinion=2', 'citizens council*=3', 'assembly=2', 'citizens assembly=3'],
  C05: [
    'charity shop*=2', 'food bank volunteers=2', 'church group*=2', 'mosque group*=2', 'residents association*=3', 'parents association*=3',
    'association*=2', 'ngo*=2', 'non profit*=2', 'union=1', 'unions=1.5', 'trade union*=3', 'community centre*=2', 'housing association*=3', 'community center*=2', 'social centre*=2', 'youth club*=2', 'charities=1.5'],
  C06: ['employer*=1.5', 'banks=1', 'compan*=1', 'business*=1', 'multinational*=2', 'landlords=0.5'],

  D00: [
    'somebody=1', 'christmas=1', 'hug*=2', 'cuddle*=2', 'call me=2', 'calls me=2', 'family meal*=2', 'reunion*=2', 'gossip*=1.5', 'chat=1.5', 'chatting=1.5',
    'a chat=2', 'cup of tea with=2',
    'relationship*=1', 'relations=1', 'someone to talk to=3', 'talk to=1', 'talking=1', 'visit*=1.5', 'get along=2', 'getting along=2', 'get on with=2', 'contact*=1',
    'argu*=1.5', 'conflict*=1', 'quarrel*=2', 'miss=1', 'social life=2', 'loved ones=3', 'people around me=2', 'surrounded=1.5', 'together=1', 'support from=1'],
  D01: [
    'in law=2', 'in laws=2', 'stepson=2', 'stepdaughter=2', 'stepdad=2', 'stepmum=2', 'grandkid*=2', 'widow*=2', 'godchild*=2', 'twins=1.5', 'toddler*=1.5',
    'family=2', 'families=2', 'famil*=2', 'mum=2', 'mom=2', 'mother*=2', 'dad=2', 'father*=2', 'parent*=2', 'son=2', 'sons=2', 'daughter*=2', 'child=1', 'children=1',
    'kid=1', 'kids=1', 'baby=1', 'babies=1', 'brother*=2', 'sister*=2', 'sibling*=2', 'grandchild*=2', 'grandparent*=2', 'grandma*=2', 'grandpa*=2', 'grandmother*=2',
    'grandfather*=2', 'granny=2', 'grandson*=2', 'granddaughter*=2', 'uncle*=2', 'aunt*=2', 'cousin*=2', 'relatives=2', 'teenage*=1', 'teenager*=1', 'nephew*=2', 'niece*=2'],
  D02: [
    'other half=3', 'dating=2', 'my man=2', 'my woman=2', 'hubby=2',
    'love=2', 'lover=2', 'in love=3', 'partner=2', 'partners=1.5', 'boyfriend*=2', 'girlfriend*=2', 'couple*=2', 'marri*=2', 'wedding=2', 'husband*=2', 'wife=2',
    'wives=2', 'divorc*=2', 'separation=1.5', 'domestic violence=3', 'romance=2', 'spouse*=2'],
  D03: [
    'childhood friend*=3', 'bestie=2', 'friendship*=2',
    'friend*=2', 'mates=1.5', 'mate=2', 'best mate=3', 'lads=2', 'with the girls=2', 'buddy=2', 'buddies=2', 'pals=2'],
  D04: ['neighbour*=2', 'neighbor*=2', 'next door=1.5'],
  D05: ['colleague*=2', 'coworker*=2', 'co workers=2', 'classmate*=2', 'team mates=1'],
  D06: [
    'no visitors=3', 'isolation=2', 'by myself all day=3', 'no one to talk to=3', 'nobody to talk to=3',
    'alone=2', 'lonel*=2', 'loneliness=2', 'isolat*=2', 'nobody=2', 'no one=1.5', 'no friends=3', 'on my own=1'],

  E00: ['society=1.5', 'societies=1.5', 'in society=2', 'social=0.5', 'between=1', 'everyone=0.5', 'everybody=0.5', 'all of us=1', 'people like us=1'],
  E01: [
    'same pay=3', 'pay gap=3', 'gender=1.5', 'the poor=1.5', 'two speed=2', 'class divide=3',
    'equal*=2', 'inequal*=2', 'unequal=2', 'same chances=3', 'equal opportunit*=3', 'same rights=3', 'social justice=3', 'unfair*=1', 'fair=1.5', 'fairness=2',
    'gap=2', 'rich and poor=3', 'privilege*=1.5', 'treated the same=3', 'treated equally=3', 'men and women=2', 'women and men=2', 'fairly=1.5', 'share the wealth=3', 'sharing wealth=3', 'sharing the wealth=3'],
  E02: ['solidar*=2', 'cohesion=2', 'each other=1.5', 'mutual aid=3', 'community spirit=3', 'helping each other=3', 'help each other=3', 'social bond*=3', 'togetherness=2'],
  E03: [
    'veil=1.5', 'skin colour=3', 'colour of my skin=3', 'ageism=2', 'age discrimination=3', 'nobody left behind=3', 'ghetto*=1.5', 'outsider*=2',
    'second class=3',
    'discriminat*=2', 'racis*=2', 'racist*=2', 'sexis*=2', 'homophob*=2', 'xenophob*=2', 'prejudic*=2', 'stigma*=2', 'exclu*=2.5', 'inclusion=2', 'inclusive=2',
    'judged=2', 'judge you=2', 'origin=1', 'accent=1', 'islamophob*=2', 'antisemit*=2', 'marginali*=2', 'look down on=2', 'looked down=2', 'labelled=1.5', 'people on benefits=2', 'media=1.5', 'travellers=2', 'gypsies=2', 'roma=2', 'blame*=1.5', 'left out=2'],
  E04: [
    'riot*=2', 'shootings=2', 'radicali*=2', 'extremis*=2',
    'peace=2', 'war=2', 'wars=2', 'violen*=1', 'terroris*=2', 'knife crime=3', 'stabbing*=2', 'riots=2', 'conflicts=0.5', 'in the world=1.5', 'world=0.5'],
  E05: ['values=1.5', 'selfish*=1', 'individualis*=2', 'civility=1', 'mutual respect=3', 'respect for=1'],
  E06: [
    'welcoming=1', 'mix=1', 'asylum=2', 'old and young=3', 'newcomers=2', 'new arrivals=2', 'cultural exchange=3', 'other cultures=3', 'other religions=3',
    'living together=3', 'different cultures=3', 'cultures=1.5', 'generation*=1', 'migrant*=1.5', 'refugee*=1.5', 'religions=1.5', 'immigra*=1.5', 'foreigners=1.5', 'communities=1.5',
    'diversity=2', 'multicultural=2', 'integration=1.5', 'young and old=2', 'intergenerational=2'],
  E07: [
    'next generation*=2', 'our grandchildren s future=3', 'climate=1', 'pollution of the planet=3',
    'future generations=3', 'planet=1.5', 'climate change=3', 'global warming=3', 'sustainab*=2', 'the earth=1.5'],

  F00: ['balance=1.5', 'balanced=1.5', 'myself=1', 'take care of myself=3', 'taking care of myself=3', 'look after myself=3', 'looking after myself=3',
    'good in my body=2', 'good in my skin=3', 'at peace with myself=3', 'well in myself=2', 'wellbeing=0.5', 'well being=0.5'],
  F01: [
    'sore=1.5', 'arthritis=2', 'sober=2', 'drugs=1.5', 'stop smoking=3', 'quit smoking=3', 'walking every day=2', 'healthy eating=3', 'eat healthy=3',
    'eating healthy=3', 'blood pressure=3', 'heart problem*=3', 'asthma=2', 'migraine*=2', 'lose weight=3', 'losing weight=3', 'stamina=2',
    'health=1.5', 'healthy=1', 'helth=1.5', 'good health=3', 'in good health=3', 'ill=2', 'illness*=2', 'sick*=2', 'disease*=2', 'pain*=2', 'fit=1', 'fitness=1',
    'keep fit=2', 'stay fit=2', 'tired*=2', 'tiredness=2', 'exhaust*=2', 'body=1', 'cancer=2', 'diabet*=2', 'exercis*=1', 'weight=1', 'ache*=2', 'injur*=2', 'knee*=2', 'overweight=2', 'obes*=2', 'hurts=1.5', 'my back=1.5', 'energy=0.5', 'smoking=1.5', 'alcohol*=1.5', 'addiction*=1.5'],
  F02: [
    'overthink*=2', 'mood swings=2', 'bipolar=2', 'counsel*=1.5', 'nerves=2', 'breakdown=2', 'mental illness=3', 'antidepressant*=2', 'calm my mind=3',
    'stress*=2', 'depress*=2', 'anxiety=1.5', 'anxieties=1.5', 'burnout=3', 'burn out=3', 'burnt out=3', 'mental health=3', 'mental*=2', 'nervous breakdown=3',
    'pressure=1', 'overwhelm*=2', 'therap*=2', 'psycholog*=1.5', 'suicid*=2', 'panic attack*=3', 'attacks=0.5', 'morale=2', 'worn out=2', 'mind=0.5'],
  F03: [
    'insomnia=2', 'breathe=2', 'own space=2', 'space for myself=3', 'lie down=2', 'take it easy=3', 'day off=2', 'days off=2', 'weekend*=1',
    'holidays from work=3',
    'time=1.5', 'rush*=2', 'busy=1', 'free time=2.5', 'spare time=2.5', 'rhythm=2', 'routine*=2', 'pace=1.5', 'schedule*=1', 'hurry=2', 'sleep*=2', 'rest=2', 'resting=2',
    'relax*=2', 'no time=2', 'time for myself=3', 'time for me=3', 'me time=3', 'work life balance=3', 'too much work=2', 'overwork*=2', 'lie in=2', 'nap*=2', 'slow down=2', 'break=1', 'breaks=1', 'keeping busy=2', 'keep busy=2'],
  F04: [
    'on my own=1.5', 'get out of the house=2', 'walking stick=2', 'mobility scooter=3', 'do it myself=3', 'my own decisions=3', 'depend on=1.5',
    'autonom*=2', 'independ*=2', 'by myself=1.5', 'own choices=2', 'my own choices=3', 'choice*=1', 'decide for myself=3', 'handicap*=2', 'disab*=2', 'wheelchair*=2',
    'without help=2', 'dress myself=3', 'wash myself=3', 'dressing myself=3', 'washing myself=3', 'own decisions=2', 'control over=2', 'my own life=2'],
  F05: [
    'love myself=3', 'self love=3', 'assertive*=2', 'my worth=2', 'self image=3', 'body image=3',
    'self confidence=3', 'self-confidence=3', 'confiden*=1.5', 'self esteem=3', 'self worth=3', 'believe in myself=3', 'being myself=2', 'be myself=2',
    'who i am=2', 'own skin=3', 'who you are=2', 'accept myself=3', 'accepting myself=3', 'shy*=1.5'],
  F06: [
    'temple=2', 'rosary=2', 'hymn*=2', 'bible study=3', 'holy=1.5', 'soul=1.5', 'my religion=3',
    'pray*=2', 'faith=2', 'god=2', 'church*=2', 'mosque*=2', 'synagogue*=2', 'relig*=1.5', 'spiritu*=2', 'meditat*=2', 'yoga=1', 'bible=2', 'quran=2', 'koran=2',
    'believer=2', 'belief*=1', 'meaning of life=3', 'meaning=1', 'allah=2', 'jesus=2', 'mass=1', 'inner peace=3'],
  F07: [
    'learn new things=3', 'learning new things=3', 'new skills=2', 'bucket list=3', 'life goals=3',
    'personal development=3', 'fulfil*=1.5', 'grow as a person=3', 'goal*=1.5', 'dream*=1', 'achiev*=1', 'ambition*=1.5', 'project*=1', 'improve myself=3', 'what i want=2', 'in life=1',
    'progress=1', 'develop myself=3', 'potential=1.5', 'purpose=1.5', 'challenge*=1'],

  G00: ['feel*=1.5', 'feeling*=1.5', 'emotion*=1.5', 'mood=1', 'ill being=1', 'ill-being=1'],
  G01: [
    'going to be okay=3', 'excited=2', 'a good day=2', 'good days=2', 'wonderful=1.5', 'lovely=1', 'great=0.5', 'amazing=1', 'peace and quiet=1',
    'happ*=2', 'hapy=2', 'hapiness=2', 'joy*=2', 'glad=2', 'content=1.5', 'contented=2', 'satisf*=2', 'pleasure*=2', 'fun=1.5', 'laugh*=2', 'smil*=0.5',
    'enjoy*=1.5', 'cheer*=1.5', 'good mood=3', 'feel good=2', 'feeling good=2', 'delight*=2', 'wellbeing=0.5', 'well being=0.5', 'good life=1', 'blessed=1.5', 'lucky=1.5', 'grateful=1.5', 'gratitude=1.5'],
  G02: [
    'not scared=2', 'what will happen=3', 'nightmare*=2', 'stressed about=1', 'terrify*=2', 'uncertain*=2', 'insecurity=1.5',
    'fear*=2', 'afraid=2', 'scared=2', 'scary=2', 'worr*=2', 'anxious=1.5', 'panic*=1.5', 'frighten*=2', 'dread*=2', 'nervous=1.5', 'terrified=2', 'insecure=1', 'apprehens*=2'],
  G03: [
    'bad days=2', 'in tears=3', 'lonely feeling=2', 'pain inside=3', 'loss=1.5',
    'sad*=2', 'sorrow=2', 'unhappy=2', 'unhappiness=2', 'misera*=2', 'misery=2', 'despair*=2', 'cry*=2', 'tears=2', 'suffer*=1.5', 'hurt*=1', 'grief=2', 'griev*=2',
    'lost=1', 'hopeless*=2', 'down=0.5', 'low=0.5', 'heartbroken=2', 'mourning=2', 'pain in my heart=3', 'empty=1'],
  G04: [
    'thank you=2', 'part of the=1', 'stuck=2', 'burden=2', 'seen=1', 'heard=1', 'be heard=2', 'being heard=2', 'matter=1', 'i matter=3', 'important to=2',
    'count for=2', 'looked down on=1',
    'useful=2', 'useless=2', 'worthless=2', 'recogni*=2', 'apprecia*=2', 'valued=2', 'respected=1.5', 'disrespected=1.5', 'proud=2', 'pride=2', 'rejected=2',
    'rejection=2', 'taken seriously=3', 'ignored=1.5', 'invisible=1.5', 'considered=1', 'needed=1.5', 'notic*=2.5', 'belong*=1.5', 'worth=1', 'counted=1', 'thanked=1.5'],
  G05: [
    'quiet life=2', 'peace=0.5', 'breathing space=2', 'light=0.5', 'at peace=2', 'safe and sound=3',
    'calm*=2', 'seren*=2', 'peace of mind=3', 'peaceful=1', 'free=0.5', 'feel free=3', 'feeling free=3', 'freedom=2', 'at ease=2', 'tranquil*=2', 'zen=2',
    'relieved=1.5', 'carefree=2', 'light hearted=2', 'feel at home=2', 'feeling at home=2', 'secure=1', 'feel safe=1.5', 'feeling safe=1.5'],
  G06: [
    'looking forward=2', 'the future=1.5', 'prospects=2', 'brighter=2', 'better days=3',
    'hope*=2', 'hopeful=2', 'optimis*=0.5', 'future=1', 'confidence in the future=3', 'trust in the future=3', 'look forward=2', 'expectation*=1'],
  G07: [
    'cross=0.5', 'furious=2', 'upset=2', 'resent*=2', 'helpless*=2', 'powerless*=2', 'unfair on me=2',
    'anger=2', 'angry=2', 'shame*=2', 'ashamed=2', 'frustrat*=2', 'humiliat*=2', 'bored=2', 'boredom=2', 'boring=1.5', 'hate*=1.5', 'jealous*=2', 'rage=2',
    'fed up=2', 'disappoint*=2', 'bitter*=1.5', 'annoy*=2', 'irritat*=2', 'guilt*=2', 'embarrass*=2'],

  H00: ['^i=0.5', 'behav*=1.5', 'attitude*=1.5', 'others=1', 'other people=1', 'try to=1', 'trying to=1', 'try not to=1.5', 'trying not to=1.5', 'judge people=3', 'judge others=3', 'instead of=1'],
  H01: [
    'go to meetings=3', 'sign petitions=3', 'join in=2', 'joining in=2', 'stand up for=3', 'speak up=2',
    'involv*=2', 'get involved=3', 'getting involved=3', 'commit*=2', 'engag*=1.5', 'activis*=2', 'take part=1.5', 'taking part=1.5', 'initiativ*=2',
    'take action=2', 'campaign*=1.5', 'mobilis*=2', 'mobiliz*=2', 'act=1', 'acting=1', 'contribut*=1.5', 'organis*=1', 'organiz*=1'],
  H02: [
    'hold the door=3', 'look after the=1', 'neighbour s shopping=3', 'carry shopping=3', 'babysit for=3', 'mentor*=2', 'befriend*=3', 'good turn=3',
    'help=2.5', 'helping=2.5', 'helped=1', 'helps=2.5', 'volunt*=3', 'for others=2.5', 'charit*=2', 'donat*=2', 'giving my time=3', 'give my time=3', 'give time=3',
    'do things for=2', 'doing things for=2', 'be there for=2', 'being there for=2', 'support others=3', 'supporting others=3', 'good deed*=3', 'for free=1.5', 'looking out for=2.5', 'look out for=2.5'],
  H03: [
    'lend my=3', 'swap*=2', 'pass on=2', 'hand down=2', 'hand me downs=2',
    'shar*=2', 'generos*=2', 'generous=2', 'give=1.5', 'giving=1.5', 'give away=3', 'give them away=3', 'giving away=3', 'gift*=1', 'lend*=1.5', 'exchange*=1'],
  H04: [
    'live and let live=3', 'different opinions=3', 'be open=2', 'being open=2', 'forgive*=2', 'forgiveness=2', 'say sorry=3',
    'toleran*=2', 'tolerant=2', 'open minded=3', 'open-minded=3', 'open mind=3', 'openness=2', 'respect=1.5', 'respecting=2', 'respects=1.5', 'respectful=2',
    'judging=2', 'i listen=2', 'without judging=3', 'listen*=1', 'accept*=1', 'understanding=1.5', 'empathy=2', 'compassion*=2', 'benevolen*=2', 'welcom*=1'],
  H05: [
    'antisocial behaviour=3', 'swear*=2', 'spit*=2', 'parking on=1.5', 'queue jump*=3', 'litter louts=3', 'drop litter=3', 'dropping litter=3',
    'disrespect*=2',
    'responsib*=2', 'rules=1', 'rule=1', 'honest*=2', 'polite*=2', 'greet*=2', 'say hello=2', 'saying hello=2', 'promise*=2', 'shout*=2', 'on time=2', 'no respect=2', 'pick up after=3', 'rude*=1.5', 'throw*=2', 'incivilit*=2', 'civic=1.5', 'manners=2', 'trust*=0.5', 'punctual*=2', 'reliable=1.5', 'keep my word=3', 'keep promises=3'],
  H06: [
    'bright side=3', 'moaning=2', 'stay positive=3', 'keep smiling=3', 'never give up=3', 'one day at a time=3', 'count my blessings=3', 'laugh at myself=3',
    'positiv*=2', 'kind=2', 'kindness=2', 'nice=0.5', 'patien*=2', 'give up=2', 'giving up=2', 'persever*=2', 'courage*=2', 'effort*=1', 'optimis*=1.5',
    'smile=1.5', 'smiling=1.5', 'smiles=1.5', 'stay strong=2', 'fight*=1', 'motivat*=1.5', 'humour=1', 'humor=1', 'good humour=2', 'keep going=2', 'look on the bright side=3', 'willpower=2', 'calm down=1'],
  H07: [
    'secondhand=2', 'reuse=2', 'repair things=3', 'pick up litter=3', 'turn off the lights=3', 'switch off lights=3', 'car share=2',
    'public transport instead=3', 'shorter showers=3', 'grow my own=2', 'buy local=3', 'charity shops=2',
    'recycl*=2', 'sorting=2', 'sort my=2', 'sort the=2', 'wasting=2', 'not waste=2', 'saving energy=3', 'save energy=3', 'saving water=3', 'save water=3', 'ecolog*=2',
    'eco friendly=3', 'compost*=2', 'clean up=2.5', 'clean ups=2.5', 'cleanup*=2.5', 'litter pick*=3', 'less plastic=3', 'bags=1', 'walk instead=3', 'walking instead=3', 'cycle instead=3', 'reduce waste=3', 'zero waste=3', 'organic=1', 'local produce=1.5'],
};
