#pragma once
// The words of field mode and of the staff menu: staff read them, in Thai
// first with English at one touch, like every other screen's words.

#include <core/text_pair.hpp>
#include <kiosk/sync_problem.hpp>

namespace fangsiang::ui::words {

struct Field {
    core::TextPair title{"เก็บแบบสอบถามภาคสนาม", "Field survey"};
    core::TextPair whoCollects{"ใครเป็นผู้เก็บข้อมูล", "Who is collecting?"};
    core::TextPair whichSurvey{"เลือกแบบสอบถาม", "Choose the survey"};
    core::TextPair context{"ข้อมูลของรอบนี้ (ถามครั้งเดียว)", "This session (asked once)"};
    core::TextPair drafts{"ร่างที่ค้างไว้", "Drafts"};
    core::TextPair noDrafts{"ไม่มีร่างที่ค้างไว้", "No drafts"};
    core::TextPair resume{"ทำต่อ", "Resume"};
    core::TextPair discard{"ทิ้ง", "Discard"};
    core::TextPair answered{"ตอบแล้ว", "answered"};  // then a number
    core::TextPair started{"เริ่ม", "started"};
    core::TextPair staffMenu{"เมนูเจ้าหน้าที่", "Staff menu"};
    core::TextPair startRespondent{"เริ่มผู้ตอบคนใหม่", "Start a new respondent"};
    core::TextPair nextRespondent{"ผู้ตอบคนถัดไป", "Next respondent"};
    core::TextPair endSession{"จบรอบนี้", "End the session"};
    core::TextPair backToSession{"กลับหน้ารอบ", "Back to the session"};
    core::TextPair saved{"บันทึกคำตอบแล้ว", "Answers saved"};
    core::TextPair savedBody{"ลงนามและเก็บไว้ในเครื่อง จะส่งถึงสำนักงานเมื่อมีสัญญาณ",
                             "Signed and kept on this device; it goes to the office when there is a connection"};
    core::TextPair consentTitle{"ก่อนเริ่มตอบ", "Before we start"};
    core::TextPair consentBody{
        "แบบสอบถามนี้จัดทำโดยองค์กรปกครองส่วนท้องถิ่น เพื่อปรับปรุงสินค้าและบริการของชุมชน "
        "ไม่ถามชื่อหรือเบอร์โทรศัพท์ คำตอบใช้ในภาพรวมเท่านั้น เก็บไว้ไม่เกิน 2 ปี "
        "ท่านจะไม่ตอบข้อใดหรือหยุดเมื่อใดก็ได้",
        "This survey is run by the local government to improve the community's products and services. "
        "It asks for no name or phone number; answers are used only in totals and kept for at most "
        "2 years. You may skip any question or stop at any time."};
    core::TextPair agree{"ยินยอม เริ่มตอบ", "I agree, start"};
    core::TextPair decline{"ไม่ยินยอม", "I do not agree"};
    core::TextPair submit{"ส่งคำตอบ", "Submit"};
    core::TextPair session{"รอบนี้", "Session"};
    core::TextPair today{"วันนี้", "Today"};
    core::TextPair waiting{"รอส่ง", "Waiting"};
    core::TextPair sent{"ส่งแล้ว", "Sent"};
    core::TextPair quota{"เป้าหมายตามสถานที่", "Targets by site"};
    core::TextPair remaining{"เหลือ", "to go"};
    core::TextPair met{"ครบแล้ว", "met"};
    core::TextPair by{"ผู้เก็บ", "Enumerator"};
};
inline const Field kField{};

// A page of questions on one screen (field_page.cpp).
struct Page {
    core::TextPair tapToType{"แตะเพื่อพิมพ์คำตอบ", "Touch to type the answer"};
    core::TextPair moreBelow{"เลื่อนขึ้นเพื่อดูข้อต่อไป", "Drag up for more questions"};
};
inline const Page kPage{};

struct Staff {
    core::TextPair title{"เมนูเจ้าหน้าที่", "Staff menu"};
    core::TextPair pinPrompt{"ใส่รหัสเจ้าหน้าที่", "Enter the staff PIN"};
    core::TextPair open{"เปิดเมนู", "Open"};
    core::TextPair items[6]{
        {"ลงทะเบียนเครื่องนี้", "Enrol this terminal"}, {"ส่งข้อมูลตอนนี้", "Sync now"},
        {"รุ่นของเนื้อหา", "Content version"},        {"ส่งออกไปยัง USB", "Export to USB"},
        {"พิมพ์ใบทดสอบ", "Print a test receipt"},    {"", ""},
    };
    core::TextPair toField{"สลับเป็นเก็บแบบสอบถามภาคสนาม", "Switch to field survey"};
    core::TextPair toCitizen{"สลับเป็นตู้บริการประชาชน", "Switch to citizen kiosk"};
    core::TextPair backToWork{"กลับ", "Back"};
    core::TextPair hubAddress{"ที่อยู่ของสำนักงาน (hub)", "Hub address"};
    core::TextPair code{"รหัสลงทะเบียนครั้งเดียว", "One-time code"};
    core::TextPair enrol{"ลงทะเบียน", "Enrol"};
    core::TextPair syncNow{"ส่งข้อมูลตอนนี้", "Sync now"};
    core::TextPair waiting{"รอส่ง", "Waiting"};
    core::TextPair sentUpTo{"สำนักงานได้รับถึงรายการที่", "The hub holds up to record"};
    core::TextPair lastSuccess{"ส่งสำเร็จล่าสุด", "Last success"};
    core::TextPair never{"ยังไม่เคย", "never"};
    core::TextPair lastError{"ปัญหาล่าสุด", "Last problem"};
    core::TextPair none{"ไม่มี", "none"};
    core::TextPair notEnrolled{"ยังไม่ได้ลงทะเบียนกับสำนักงาน", "Not enrolled with a hub"};
    core::TextPair hub{"สำนักงาน", "Hub"};
    core::TextPair version{"รุ่นเนื้อหาจากสำนักงาน", "Content version from the hub"};
    core::TextPair source{"ที่มา", "From"};
    core::TextPair media{"อุปกรณ์ที่เสียบอยู่", "Mounted media"};
    core::TextPair noMedia{"ไม่พบ USB ที่เสียบอยู่ พิมพ์โฟลเดอร์แทนได้", "No USB stick is mounted; type a folder instead"};
    core::TextPair folder{"หรือโฟลเดอร์", "Or a folder"};
    core::TextPair exportHere{"ส่งออก", "Export"};
    core::TextPair print{"พิมพ์ใบทดสอบ", "Print a test receipt"};
    core::TextPair sending{"กำลังส่งข้อมูล", "Sending"};  // then the seconds so far
    core::TextPair seconds{"วินาที", "s"};
    core::TextPair stillUsable{"ระหว่างนี้ใช้เมนูอื่นได้ตามปกติ", "The other items can be used meanwhile"};
    core::TextPair details{"รายละเอียด", "Details"};
};
inline const Staff kStaff{};

// What went wrong with sync or enrolment, one plain sentence per kind of
// trouble (kiosk::SyncProblem, in its order), saying what to do.
struct SyncProblems {
    core::TextPair words[kiosk::kSyncProblemCount]{
        {"เครื่องนี้ยังไม่ได้ลงทะเบียนกับสำนักงาน ให้ลงทะเบียนในเมนูนี้ก่อน",
         "This terminal is not enrolled with the office yet: enrol it from this menu first"},
        {"ติดต่อสำนักงานไม่ได้ ตรวจดูอินเทอร์เน็ตหรือที่อยู่ของสำนักงาน ข้อมูลยังเก็บไว้ในเครื่องนี้",
         "The office could not be reached: check the internet connection or the hub address. The records stay on this terminal"},
        {"สัญญาณช้าหรือขาดหาย ส่งไม่ทัน ข้อมูลยังเก็บไว้ในเครื่องนี้ จะลองใหม่เอง",
         "The connection is too slow or keeps dropping. The records stay on this terminal and it will try again"},
        {"ใบรับรองความปลอดภัย (TLS) ของสำนักงานไม่ถูกต้องหรือไม่ตรงกับที่อยู่ แจ้งผู้ดูแลระบบของสำนักงาน",
         "The office's security certificate (TLS) is not valid or does not match the address: tell the office's IT person"},
        {"คำตอบที่ได้ไม่ได้มาจากสำนักงาน อาจเป็นหน้าเข้าสู่ระบบของ Wi-Fi ให้เข้าสู่ระบบ Wi-Fi ก่อน",
         "The answer did not come from the office, perhaps a Wi-Fi login page: sign in to the Wi-Fi first"},
        {"สำนักงานไม่รู้จักเครื่องนี้ ให้ขอรหัสลงทะเบียนใหม่จากสำนักงาน",
         "The office does not know this terminal: ask the office for a new enrolment code"},
        {"สำนักงานยกเลิกสิทธิ์ของเครื่องนี้แล้ว จึงรับข้อมูลไม่ได้ ติดต่อสำนักงาน",
         "The office has revoked this terminal, so it takes nothing from it: contact the office"},
        {"รหัสลงทะเบียนไม่ถูกต้อง ตรวจดูตัวอักษรอีกครั้ง",
         "The enrolment code is not right: check the letters again"},
        {"รหัสลงทะเบียนหมดอายุแล้ว ขอรหัสใหม่จากสำนักงาน",
         "The enrolment code has expired: ask the office for a new one"},
        {"รหัสลงทะเบียนนี้ถูกใช้ไปแล้ว ขอรหัสใหม่จากสำนักงาน",
         "That enrolment code has been used already: ask the office for a new one"},
        {"เครื่องนี้ลงทะเบียนไว้แล้ว ไม่ต้องลงทะเบียนอีก",
         "This terminal is enrolled already; it need not be enrolled again"},
        {"ที่อยู่ของสำนักงานหรือรหัสลงทะเบียนเขียนไม่ถูกรูปแบบ",
         "The hub address or the enrolment code is not written the right way"},
        {"นาฬิกาของเครื่องนี้คลาดจากสำนักงานมากเกินไป ตั้งวันและเวลาให้ถูกต้อง",
         "This terminal's clock is too far off the office's: set the right date and time"},
        {"สำนักงานมีงานมากในขณะนี้ จะลองใหม่เอง",
         "The office is busy right now; it will try again"},
        {"ระบบของสำนักงานขัดข้อง ส่งใหม่ได้อย่างปลอดภัย หรือแจ้งผู้ดูแลระบบ",
         "The office's system had a fault: sending again is safe, or tell the office's IT person"},
        {"สำนักงานไม่รับข้อมูลที่ส่งไป แจ้งผู้ดูแลระบบของสำนักงาน",
         "The office refused what was sent: tell the office's IT person"},
        {"อ่านหรือเขียนไฟล์ในเครื่องนี้ไม่ได้ ตรวจดูพื้นที่ว่างและสิทธิ์ของไฟล์",
         "This terminal's own files could not be read or written: check the free space and the file permissions"},
        {"ส่งข้อมูลไม่สำเร็จ", "Something went wrong"},
    };
    [[nodiscard]] const core::TextPair& of(kiosk::SyncProblem problem) const {
        return words[static_cast<int>(problem)];
    }
};
inline const SyncProblems kSyncProblems{};

}  // namespace fangsiang::ui::words
