#include "words.hpp"

namespace fangsiang::ui::words {

// [SECTION] Frame and Home

const Frame kFrame{
    .languageSwitch = {"English", "ไทย"},
    .next = {"ถัดไป", "Next"},
    .done = {"เสร็จสิ้น", "Done"},
    .ticketNumber = {"เลขที่เรื่อง", "Ticket number"},
};

const Home kHome{
    .welcome = {"ยินดีต้อนรับ", "Welcome"},
    .start = {"แตะหน้าจอเพื่อเริ่มต้น", "Touch the screen to start"},
    .tiles = {
        {"ดูบริการ", "Our services"},
        {"แจ้งเรื่องร้องเรียน", "File a complaint"},
        {"ประเมินความพึงพอใจ", "Rate our service"},
        {"ติดตามเรื่อง", "Check a ticket"},
    },
};

// [SECTION] Services

const Services kServices{
    .search = {"ค้นหาบริการ", "Search services"},
    .searchHint = {"พิมพ์ชื่อบริการ เช่น ภาษี", "Type a service, e.g. tax"},
    .noResults = {"ไม่พบบริการที่ตรงกับคำค้น", "No service matches"},
    .fee = {"ค่าธรรมเนียม", "Fee"},
    .timeNeeded = {"ระยะเวลา", "Time needed"},
    .conditions = {"หลักเกณฑ์และเงื่อนไข", "Conditions"},
    .steps = {"ขั้นตอน", "Steps"},
    .documents = {"เอกสารที่ต้องใช้", "Documents to bring"},
    .originals = {"ฉบับจริง ", "original "},
    .copies = {"สำเนา ", "copy "},
    .whereAndWhen = {"สถานที่และเวลา", "Where and when"},
    .online = {"บริการออนไลน์", "Online"},
    .complaints = {"ช่องทางร้องเรียน", "Complaints"},
};

// [SECTION] Complaint and its receipt

const Complaint kComplaint{
    .steps = {
        {"ประเภท", "Topic"},       {"รายละเอียด", "Details"}, {"สถานที่", "Place"},
        {"ข้อมูลติดต่อ", "Contact"}, {"ชื่อ/โทร", "Name"},      {"ตรวจทาน", "Review"},
    },
    .stepsAnonymous = {
        {"ประเภท", "Topic"}, {"รายละเอียด", "Details"}, {"สถานที่", "Place"}, {"ข้อมูลติดต่อ", "Contact"},
        {"ตรวจทาน", "Review"},
    },
    .stepOf = {"  ขั้นที่ ", "  step "},
    .chooseTopic = {"เรื่องที่ต้องการแจ้งเกี่ยวกับอะไร", "What is the complaint about?"},
    .describe = {"เล่าเรื่องที่ต้องการแจ้ง", "Describe the problem"},
    .describeHint = {"แตะเพื่อพิมพ์ เช่น ไฟถนนหน้าวัดดับ", "Touch to type, e.g. the street light is out"},
    .village = {"หมู่ที่ (ถ้าทราบ)", "Village no. (moo), if known"},
    .landmark = {"จุดสังเกต (ถ้ามี)", "Landmark, if any"},
    .landmarkHint = {"เช่น หน้าโรงเรียน", "e.g. in front of the school"},
    .privacyTitle = {"ข้อมูลติดต่อของท่าน", "Your contact details"},
    .privacyBody = {
        "เทศบาลขอชื่อและเบอร์โทรศัพท์ของท่าน เพื่อแจ้งผลและสอบถามรายละเอียดเรื่องนี้เท่านั้น "
        "ข้อมูลจะถูกเข้ารหัสทันทีที่บันทึก เครื่องนี้อ่านไม่ได้ ผู้ที่เห็นได้คือเจ้าหน้าที่ผู้รับผิดชอบเรื่องร้องเรียนเท่านั้น "
        "และเก็บไว้ไม่เกิน 2 ปีหลังปิดเรื่อง การให้ข้อมูลเป็นไปโดยสมัครใจ ท่านแจ้งเรื่องโดยไม่ระบุตัวตนได้",
        "The municipality asks for your name and phone number only to tell you the outcome and to ask about "
        "this complaint. They are encrypted the moment they are saved; this kiosk cannot read them. Only the "
        "officers handling complaints can see them, and they are kept for at most 2 years after the case is "
        "closed. Giving them is optional: you may stay anonymous."},
    .giveContact = {"ให้ข้อมูลติดต่อ", "Give my contact details"},
    .stayAnonymous = {"ไม่ระบุตัวตน", "Stay anonymous"},
    .name = {"ชื่อ-นามสกุล", "Name"},
    .phone = {"เบอร์โทรศัพท์มือถือ", "Mobile phone"},
    .review = {"ตรวจทานก่อนส่ง", "Check before sending"},
    .send = {"ส่งเรื่อง", "Send"},
    .topicLabel = {"ประเภท", "Topic"},
    .detailsLabel = {"รายละเอียด", "Details"},
    .placeLabel = {"สถานที่", "Place"},
    .moo = {"หมู่ที่ ", "Moo "},
    .contactLabel = {"ติดต่อ", "Contact"},
    .anonymous = {"ไม่ระบุตัวตน", "Anonymous"},
};

const Receipt kReceipt{
    .title = {"ได้รับเรื่องของท่านแล้ว", "Your complaint is saved"},
    .keepTicket = {"โปรดเก็บเลขที่เรื่องไว้ ใช้ติดตามผลที่ตู้นี้หรือโทรสอบถามเทศบาล",
                   "Keep this number to check progress here or by phone"},
    .print = {"พิมพ์ใบรับเรื่อง", "Print a receipt"},
    .paperTitle = {"ใบรับเรื่องร้องเรียน", "Complaint receipt"},
    .paperTicket = {"เลขที่เรื่อง", "Ticket"},
    .paperDate = {"วันที่", "Date"},
    .paperCheckCode = {"รหัสตรวจสอบ", "Check code"},
};

// [SECTION] Survey and tickets

const Survey kSurvey{
    .questionOf = {"ข้อ", "Question"},
    .sendAnswers = {"ส่งคำตอบ", "Send answers"},
    .likert = {
        {"ไม่เห็นด้วยอย่างยิ่ง", "Strongly disagree"}, {"ไม่เห็นด้วย", "Disagree"}, {"เฉย ๆ", "Neutral"},
        {"เห็นด้วย", "Agree"}, {"เห็นด้วยอย่างยิ่ง", "Strongly agree"},
    },
    .thanks = {"ขอบคุณที่ช่วยประเมิน", "Thank you for your answers"},
    .thanksBody = {"ความเห็นของท่านช่วยให้เทศบาลปรับปรุงบริการ", "They help the municipality serve you better"},
};

const Tickets kTickets{
    .prompt = {"พิมพ์เลขที่เรื่องจากใบรับเรื่อง", "Type the number on your receipt"},
    .lookUp = {"ค้นหา", "Look up"},
    .states = {
        {"ไม่พบข้อมูลเรื่องนี้ที่ตู้นี้ หากเพิ่งแจ้งที่จุดอื่น ข้อมูลจะแสดงเมื่อเชื่อมต่อกับสำนักงาน",
         "This kiosk has no record of this ticket. If it was filed elsewhere, it shows once the kiosk is in touch with the office"},
        {"บันทึกไว้ที่ตู้นี้แล้ว รอส่งถึงสำนักงาน", "Saved on this kiosk, waiting to reach the office"},
        {"สำนักงานได้รับเรื่องแล้ว", "Received by the office"},
        {"อยู่ระหว่างดำเนินการ", "In progress"},
        {"ดำเนินการเสร็จแล้ว", "Resolved"},
    },
    .reply = {"คำตอบจากเทศบาล", "The office's reply"},
    .other = {"ตรวจสอบเรื่องอื่น", "Check another"},
};

}  // namespace fangsiang::ui::words
