#pragma once
// The words a citizen reads on the kiosk's screens: one table per screen
// family, each word's name with its Thai and English side by side. The
// screens look them up by name (words::kComplaint.describe), so wording is
// reviewed and changed here, without reading drawing code; what the office
// writes (services, surveys, announcements) comes from its content files.

#include <core/text_pair.hpp>
#include <kiosk/flow.hpp>

namespace fangsiang::ui::words {

// Words more than one flow shows.
struct Frame {
    core::TextPair languageSwitch{"English", "ไทย"};  // labelled in the language it leads to
    core::TextPair next{"ถัดไป", "Next"};
    core::TextPair done{"เสร็จสิ้น", "Done"};
    core::TextPair ticketNumber{"เลขที่เรื่อง", "Ticket number"};
};
inline const Frame kFrame{};

// Welcome speaks both languages at once (nobody has chosen yet); Home has a
// tile per flow, and each flow's header is its tile's words.
struct Home {
    core::TextPair welcome{"ยินดีต้อนรับ", "Welcome"};
    core::TextPair start{"แตะหน้าจอเพื่อเริ่มต้น", "Touch the screen to start"};
    core::TextPair tiles[4]{  // services, complaint, survey, ticket
        {"ดูบริการ", "Our services"},
        {"แจ้งเรื่องร้องเรียน", "File a complaint"},
        {"ประเมินความพึงพอใจ", "Rate our service"},
        {"ติดตามเรื่อง", "Check a ticket"},
    };
};
inline const Home kHome{};

struct Services {
    core::TextPair search{"ค้นหาบริการ", "Search services"};
    core::TextPair searchHint{"พิมพ์ชื่อบริการ เช่น ภาษี", "Type a service, e.g. tax"};
    core::TextPair noResults{"ไม่พบบริการที่ตรงกับคำค้น", "No service matches"};
    // The headings of a service's manual, and how many of a document to bring.
    core::TextPair fee{"ค่าธรรมเนียม", "Fee"};
    core::TextPair timeNeeded{"ระยะเวลา", "Time needed"};
    core::TextPair conditions{"หลักเกณฑ์และเงื่อนไข", "Conditions"};
    core::TextPair steps{"ขั้นตอน", "Steps"};
    core::TextPair documents{"เอกสารที่ต้องใช้", "Documents to bring"};
    core::TextPair originals{"ฉบับจริง ", "original "};
    core::TextPair copies{"สำเนา ", "copy "};
    core::TextPair whereAndWhen{"สถานที่และเวลา", "Where and when"};
    core::TextPair online{"บริการออนไลน์", "Online"};
    core::TextPair complaints{"ช่องทางร้องเรียน", "Complaints"};
};
inline const Services kServices{};

struct Complaint {
    core::TextPair steps[6]{
        {"ประเภท", "Topic"},       {"รายละเอียด", "Details"}, {"สถานที่", "Place"},
        {"ข้อมูลติดต่อ", "Contact"}, {"ชื่อ/โทร", "Name"},      {"ตรวจทาน", "Review"},
    };
    core::TextPair stepsAnonymous[5]{
        {"ประเภท", "Topic"}, {"รายละเอียด", "Details"}, {"สถานที่", "Place"}, {"ข้อมูลติดต่อ", "Contact"},
        {"ตรวจทาน", "Review"},
    };
    core::TextPair stepOf{"  ขั้นที่ ", "  step "};  // then 3/6, in a title
    core::TextPair chooseTopic{"เรื่องที่ต้องการแจ้งเกี่ยวกับอะไร", "What is the complaint about?"};
    core::TextPair describe{"เล่าเรื่องที่ต้องการแจ้ง", "Describe the problem"};
    core::TextPair describeHint{"แตะเพื่อพิมพ์ เช่น ไฟถนนหน้าวัดดับ", "Touch to type, e.g. the street light is out"};
    core::TextPair village{"หมู่ที่ (ถ้าทราบ)", "Village no. (moo), if known"};
    core::TextPair landmark{"จุดสังเกต (ถ้ามี)", "Landmark, if any"};
    core::TextPair landmarkHint{"เช่น หน้าโรงเรียน", "e.g. in front of the school"};
    core::TextPair privacyTitle{"ข้อมูลติดต่อของท่าน", "Your contact details"};
    core::TextPair privacyBody{
        "เทศบาลขอชื่อและเบอร์โทรศัพท์ของท่าน เพื่อแจ้งผลและสอบถามรายละเอียดเรื่องนี้เท่านั้น "
        "ข้อมูลจะถูกเข้ารหัสทันทีที่บันทึก เครื่องนี้อ่านไม่ได้ ผู้ที่เห็นได้คือเจ้าหน้าที่ผู้รับผิดชอบเรื่องร้องเรียนเท่านั้น "
        "และเก็บไว้ไม่เกิน 2 ปีหลังปิดเรื่อง การให้ข้อมูลเป็นไปโดยสมัครใจ ท่านแจ้งเรื่องโดยไม่ระบุตัวตนได้",
        "The municipality asks for your name and phone number only to tell you the outcome and to ask about "
        "this complaint. They are encrypted the moment they are saved; this kiosk cannot read them. Only the "
        "officers handling complaints can see them, and they are kept for at most 2 years after the case is "
        "closed. Giving them is optional: you may stay anonymous."};
    core::TextPair giveContact{"ให้ข้อมูลติดต่อ", "Give my contact details"};
    core::TextPair stayAnonymous{"ไม่ระบุตัวตน", "Stay anonymous"};
    core::TextPair name{"ชื่อ-นามสกุล", "Name"};
    core::TextPair phone{"เบอร์โทรศัพท์มือถือ", "Mobile phone"};
    core::TextPair review{"ตรวจทานก่อนส่ง", "Check before sending"};
    core::TextPair send{"ส่งเรื่อง", "Send"};
    core::TextPair topicLabel{"ประเภท", "Topic"};
    core::TextPair detailsLabel{"รายละเอียด", "Details"};
    core::TextPair placeLabel{"สถานที่", "Place"};
    core::TextPair moo{"หมู่ที่ ", "Moo "};  // before a village number
    core::TextPair contactLabel{"ติดต่อ", "Contact"};
    core::TextPair anonymous{"ไม่ระบุตัวตน", "Anonymous"};
};
inline const Complaint kComplaint{};

// The receipt on screen, and on paper, which speaks both languages: it is
// read later, away from the kiosk.
struct Receipt {
    core::TextPair title{"ได้รับเรื่องของท่านแล้ว", "Your complaint is saved"};
    core::TextPair keepTicket{"โปรดเก็บเลขที่เรื่องไว้ ใช้ติดตามผลที่ตู้นี้หรือโทรสอบถามเทศบาล",
                              "Keep this number to check progress here or by phone"};
    core::TextPair print{"พิมพ์ใบรับเรื่อง", "Print a receipt"};
    core::TextPair printAgain{"พิมพ์อีกครั้ง", "Print again"};
    core::TextPair printed{"พิมพ์ใบรับเรื่องแล้ว โปรดรับที่ช่องกระดาษ", "Your receipt is printed: take it from the printer"};
    // Printer trouble, each then `stillSaved`.
    core::TextPair notConnected{"ไม่พบเครื่องพิมพ์", "The printer is not connected"};
    core::TextPair notAllowed{"ตู้นี้ยังใช้เครื่องพิมพ์ไม่ได้", "This kiosk is not allowed to use the printer"};
    core::TextPair failed{"พิมพ์ไม่สำเร็จ กระดาษอาจหมดหรือเครื่องพิมพ์ขัดข้อง",
                          "The receipt did not print: the printer may be out of paper"};
    core::TextPair stillSaved{"เรื่องของท่านบันทึกไว้แล้ว โปรดจดเลขที่เรื่องบนจอ หรือแจ้งเจ้าหน้าที่",
                              "Your complaint is saved: note the number on the screen or ask the staff"};
    core::TextPair paperTitle{"ใบรับเรื่องร้องเรียน", "Complaint receipt"};
    core::TextPair paperTicket{"เลขที่เรื่อง", "Ticket"};
    core::TextPair paperDate{"วันที่", "Date"};
    core::TextPair paperCheckCode{"รหัสตรวจสอบ", "Check code"};
    core::TextPair paperTest{"ทดสอบเครื่องพิมพ์", "Printer test"};
};
inline const Receipt kReceipt{};

struct Survey {
    core::TextPair questionOf{"ข้อ", "Question"};  // then 2 / 6
    core::TextPair sendAnswers{"ส่งคำตอบ", "Send answers"};
    core::TextPair likert[5]{
        {"ไม่เห็นด้วยอย่างยิ่ง", "Strongly disagree"}, {"ไม่เห็นด้วย", "Disagree"}, {"เฉย ๆ", "Neutral"},
        {"เห็นด้วย", "Agree"}, {"เห็นด้วยอย่างยิ่ง", "Strongly agree"},
    };
    core::TextPair thanks{"ขอบคุณที่ช่วยประเมิน", "Thank you for your answers"};
    core::TextPair thanksBody{"ความเห็นของท่านช่วยให้เทศบาลปรับปรุงบริการ", "They help the municipality serve you better"};
};
inline const Survey kSurvey{};

struct Tickets {
    core::TextPair prompt{"พิมพ์เลขที่เรื่องจากใบรับเรื่อง", "Type the number on your receipt"};
    core::TextPair lookUp{"ค้นหา", "Look up"};
    core::TextPair states[kiosk::kTicketStateCount]{  // by kiosk::TicketState
        {"ไม่พบข้อมูลเรื่องนี้ที่ตู้นี้ หากเพิ่งแจ้งที่จุดอื่น ข้อมูลจะแสดงเมื่อเชื่อมต่อกับสำนักงาน",
         "This kiosk has no record of this ticket. If it was filed elsewhere, it shows once the kiosk is in touch with the office"},
        {"บันทึกไว้ที่ตู้นี้แล้ว รอส่งถึงสำนักงาน", "Saved on this kiosk, waiting to reach the office"},
        {"สำนักงานได้รับเรื่องแล้ว", "Received by the office"},
        {"สำนักงานรับเรื่องแล้ว และมอบหมายผู้รับผิดชอบแล้ว", "Accepted: the office has given it to the people who handle it"},
        {"อยู่ระหว่างดำเนินการ", "In progress"},
        {"ดำเนินการเสร็จแล้ว", "Resolved"},
        {"ปิดเรื่องแล้ว", "Closed"},
        {"ส่งต่อให้หน่วยงานที่รับผิดชอบแล้ว", "Forwarded to the office or agency in charge"},
        {"เรื่องนี้ไม่อยู่ในอำนาจหน้าที่ของสำนักงาน โปรดดูคำแนะนำด้านล่าง", "Not within this office's authority: see where to go below"},
        {"เรื่องนี้ซ้ำกับเรื่องที่แจ้งไว้แล้ว", "The same matter as a case already filed"},
        {"สำนักงานไม่รับเรื่องนี้ โปรดดูเหตุผลด้านล่าง", "Not accepted: see the reason below"},
    };
    core::TextPair reply{"คำตอบจากเทศบาล", "The office's reply"};
    core::TextPair other{"ตรวจสอบเรื่องอื่น", "Check another"};
};
inline const Tickets kTickets{};

}  // namespace fangsiang::ui::words
