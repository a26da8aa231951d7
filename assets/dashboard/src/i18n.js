// What the dashboard says, Thai first and English at one click. The choice
// is kept in the browser (localStorage) for the next visit.
const words = {
  th: {
    app: 'ฟังเสียง', hub: 'ศูนย์รับเรื่อง',
    'lang.switch': 'English', 'lang.name': 'ไทย',
    'nav.inbox': 'กล่องเรื่องใหม่', 'nav.cases': 'เรื่องร้องเรียน', 'nav.devices': 'เครื่องบริการ',
    'nav.users': 'ผู้ใช้งาน', 'nav.audit': 'บันทึกการใช้งาน', 'nav.logout': 'ออกจากระบบ',
    'login.title': 'เข้าสู่ระบบเจ้าหน้าที่', 'login.user': 'ชื่อผู้ใช้', 'login.password': 'รหัสผ่าน',
    'login.submit': 'เข้าสู่ระบบ', 'login.busy': 'กำลังตรวจสอบ…', 'login.bye': 'ออกจากระบบแล้ว',
    'err.wrong-login': 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง',
    'err.locked': 'บัญชีนี้ถูกล็อกชั่วคราวเพราะใส่รหัสผิดหลายครั้ง รอไม่เกิน 15 นาทีหรือให้ผู้ดูแลตั้งรหัสใหม่',
    'err.csrf': 'คำขอไม่มีรหัสยืนยันของหน้าเว็บ กรุณาโหลดหน้าใหม่',
    'err.forbidden': 'บัญชีนี้ไม่มีสิทธิ์ทำรายการนี้', 'err.not-found': 'ไม่พบรายการที่ขอ',
    'err.duplicate': 'มีรายการนี้อยู่แล้ว', 'err.bad-request': 'ข้อมูลไม่ถูกต้อง',
    'err.refused': 'ไม่สามารถเปลี่ยนสถานะนี้ได้', 'err.busy': 'ระบบกำลังยุ่ง ลองใหม่อีกครั้ง',
    'err.internal': 'ระบบขัดข้อง ไม่มีสิ่งใดถูกเปลี่ยน ลองใหม่อีกครั้ง', 'err.network': 'ติดต่อศูนย์ไม่ได้',
    'err.too-large': 'ข้อมูลใหญ่เกินไป', 'err.not-signed-in': 'หมดเวลาเข้าใช้ กรุณาเข้าสู่ระบบใหม่',
    loading: 'กำลังโหลด…', none: 'ไม่มีรายการ', save: 'บันทึก', cancel: 'ยกเลิก', search: 'ค้นหา',
    clear: 'ล้าง', prev: 'ก่อนหน้า', next: 'ถัดไป', page: 'หน้า', of: 'จาก', all: 'ทั้งหมด', yes: 'ใช่', no: 'ไม่',
    'state.received': 'ได้รับเรื่อง', 'state.accepted': 'รับเรื่องแล้ว', 'state.in_progress': 'กำลังดำเนินการ',
    'state.resolved': 'ดำเนินการแล้วเสร็จ', 'state.closed': 'ปิดเรื่อง', 'state.forwarded': 'ส่งต่อ',
    'state.not_ours': 'ไม่อยู่ในอำนาจหน้าที่', 'state.duplicate': 'เรื่องซ้ำ', 'state.rejected': 'ไม่รับเรื่อง',
    'inbox.new': 'เรื่องใหม่', 'inbox.dueSoon': 'ใกล้ครบกำหนด', 'inbox.overdue': 'เกินกำหนด', 'inbox.open': 'ยังไม่ปิด',
    'case.ticket': 'เลขที่เรื่อง', 'case.state': 'สถานะ', 'case.category': 'ประเภท', 'case.village': 'หมู่บ้าน/ชุมชน',
    'case.unit': 'หน่วยงาน', 'case.officer': 'ผู้รับผิดชอบ', 'case.filed': 'วันที่ยื่น', 'case.due': 'กำหนดเสร็จ',
    'case.text': 'รายละเอียด', 'case.landmark': 'สถานที่', 'case.device': 'เครื่องที่รับเรื่อง',
    'case.hidden': 'ข้อความถูกซ่อน', 'case.anonymous': 'ไม่ระบุตัวตน', 'case.hasContact': 'มีข้อมูลติดต่อ',
    'case.verified': 'ลายมือชื่อถูกต้อง', 'case.unverified': 'ตรวจลายมือชื่อไม่ผ่าน',
    'case.timeline': 'ลำดับเหตุการณ์', 'case.change': 'เปลี่ยนสถานะ', 'case.to': 'เป็น', 'case.reply': 'คำตอบถึงผู้ร้อง',
    'case.replyHint': 'ข้อความนี้จะแสดงที่ตู้บริการเมื่อผู้ร้องตรวจเลขที่เรื่อง',
    'case.forwardedTo': 'ส่งต่อไปที่', 'case.duplicateOf': 'ซ้ำกับเรื่องเลขที่', 'case.apply': 'ยืนยัน',
    'case.notes': 'บันทึกภายใน', 'case.noteHint': 'ผู้ร้องไม่เห็นบันทึกนี้', 'case.addNote': 'เพิ่มบันทึก',
    'case.showContact': 'แสดงข้อมูลติดต่อ', 'case.contactAudited': 'การเปิดดูถูกบันทึกไว้',
    'case.name': 'ชื่อ', 'case.phone': 'โทรศัพท์', 'case.address': 'ที่อยู่',
    'case.hide': 'ซ่อนข้อความ', 'case.show': 'แสดงข้อความ', 'case.hideReason': 'เหตุผลที่ซ่อน',
    'case.lastReply': 'คำตอบล่าสุด', 'case.internal': 'ภายใน', 'case.back': 'กลับไปรายการ',
    'case.sequence': 'ลำดับที่', 'case.received': 'ศูนย์ได้รับ', 'case.created': 'บันทึกที่เครื่อง',
    'kind.filed': 'ยื่นเรื่อง', 'kind.state': 'เปลี่ยนสถานะ', 'kind.note': 'บันทึกภายใน', 'kind.hidden': 'ซ่อนข้อความ',
    'kind.shown': 'แสดงข้อความ', 'kind.contact': 'เปิดดูข้อมูลติดต่อ',
    'due.on-time': 'ตามกำหนด', 'due.due-soon': 'ใกล้ครบกำหนด', 'due.overdue': 'เกินกำหนด', 'due.done': 'เสร็จแล้ว',
    'filter.q': 'ค้นหาข้อความ', 'filter.from': 'ตั้งแต่', 'filter.to': 'ถึง', 'filter.due': 'กำหนด',
    'cases.total': 'ทั้งหมด {n} เรื่อง', 'cases.none': 'ไม่พบเรื่องที่ตรงกับตัวกรอง',
    'dev.number': 'เครื่องที่', 'dev.label': 'ชื่อเครื่อง', 'dev.office': 'สำนักงาน', 'dev.lastPush': 'ติดต่อล่าสุด',
    'dev.held': 'บันทึกที่ศูนย์มี', 'dev.enrolled': 'ลงทะเบียน', 'dev.revoked': 'ถูกเพิกถอน', 'dev.active': 'ใช้งาน',
    'dev.incidents': 'เหตุผิดปกติ', 'dev.noIncidents': 'ไม่มีเหตุผิดปกติ', 'dev.never': 'ยังไม่เคยส่ง',
    'dev.state': 'สถานะ', 'dev.key': 'กุญแจ',
    'inc.gap': 'ลำดับขาดหาย', 'inc.broken-chain': 'สายโซ่ขาด', 'inc.conflict': 'ข้อมูลขัดแย้ง',
    'inc.store-lost': 'ฐานข้อมูลเครื่องสูญหาย', 'inc.refused': 'บันทึกถูกปฏิเสธ', 'inc.skipped': 'ข้ามลำดับ',
    'inc.device-clock-wrong': 'นาฬิกาเครื่องผิด',
    'user.user': 'ชื่อผู้ใช้', 'user.name': 'ชื่อที่แสดง', 'user.role': 'บทบาท', 'user.office': 'สำนักงาน',
    'user.unit': 'หน่วยงาน', 'user.state': 'สถานะ', 'user.disabled': 'ปิดใช้งาน', 'user.enabled': 'ใช้งาน',
    'user.add': 'เพิ่มผู้ใช้', 'user.disable': 'ปิดใช้งาน', 'user.reset': 'ตั้งรหัสใหม่',
    'user.password': 'รหัสผ่าน (เว้นว่างให้ระบบสร้าง)', 'user.newPassword': 'รหัสผ่านใหม่ของ {u} (แสดงครั้งเดียว):',
    'user.added': 'เพิ่ม {u} แล้ว', 'user.confirmDisable': 'ปิดใช้งานบัญชี {u}?',
    'role.admin': 'ผู้ดูแลระบบ', 'role.supervisor': 'หัวหน้า', 'role.officer': 'เจ้าหน้าที่', 'role.viewer': 'ผู้ดูรายงาน',
    'audit.at': 'เวลา', 'audit.actor': 'ผู้ทำ', 'audit.action': 'การกระทำ', 'audit.subject': 'รายการ',
    'audit.change': 'ก่อน → หลัง', 'audit.address': 'ที่อยู่ IP', 'audit.older': 'เก่ากว่า', 'audit.newest': 'ล่าสุด',
    'nav.content': 'ข้อมูลบริการ',
    'content.publish': 'เผยแพร่ข้อมูลชุดใหม่', 'content.office': 'สำนักงาน', 'content.everyOffice': 'ทุกสำนักงาน',
    'content.hint': 'เลือกไฟล์ catalogue.json, announcements.json และแบบสอบถาม (.json) ระบบตรวจทุกไฟล์แบบเดียวกับตู้บริการ ถ้าไฟล์ใดใช้ไม่ได้จะไม่เผยแพร่เลย',
    'content.version': 'ฉบับที่ {v}', 'content.nothing': 'ยังไม่มีข้อมูลที่เผยแพร่', 'content.publishedAt': 'เผยแพร่เมื่อ',
    'content.file': 'ไฟล์', 'content.bytes': 'ขนาด (ไบต์)', 'content.published': 'เผยแพร่ฉบับที่ {v} แล้ว ตู้บริการจะได้รับเมื่อซิงก์ครั้งถัดไป',
    'viewer.only': 'บัญชีผู้ดูรายงานไม่เห็นเรื่องร้องเรียนและข้อมูลส่วนบุคคล ดูรายงานได้ที่เมนูรายงาน',
  },
  en: {
    app: 'Fangsiang', hub: 'Complaints hub',
    'lang.switch': 'ไทย', 'lang.name': 'English',
    'nav.inbox': 'Inbox', 'nav.cases': 'Cases', 'nav.devices': 'Devices', 'nav.users': 'Users',
    'nav.audit': 'Audit log', 'nav.logout': 'Sign out',
    'login.title': 'Officer sign-in', 'login.user': 'Username', 'login.password': 'Password',
    'login.submit': 'Sign in', 'login.busy': 'Checking…', 'login.bye': 'Signed out',
    'err.wrong-login': 'The username or password is wrong',
    'err.locked': 'This account is locked after too many failed sign-ins; wait 15 minutes or ask an administrator to reset its password',
    'err.csrf': 'The request lacked the page\'s token; reload the page',
    'err.forbidden': 'This account may not do that', 'err.not-found': 'Not found',
    'err.duplicate': 'That already exists', 'err.bad-request': 'Something in the form is not right',
    'err.refused': 'That change of state is not allowed', 'err.busy': 'The hub is busy; try again',
    'err.internal': 'The hub failed; nothing was changed, try again', 'err.network': 'The hub cannot be reached',
    'err.too-large': 'Too large', 'err.not-signed-in': 'Your session has ended; sign in again',
    loading: 'Loading…', none: 'Nothing here', save: 'Save', cancel: 'Cancel', search: 'Search', clear: 'Clear',
    prev: 'Previous', next: 'Next', page: 'Page', of: 'of', all: 'All', yes: 'Yes', no: 'No',
    'state.received': 'Received', 'state.accepted': 'Accepted', 'state.in_progress': 'In progress',
    'state.resolved': 'Resolved', 'state.closed': 'Closed', 'state.forwarded': 'Forwarded',
    'state.not_ours': 'Not ours', 'state.duplicate': 'Duplicate', 'state.rejected': 'Rejected',
    'inbox.new': 'New', 'inbox.dueSoon': 'Due soon', 'inbox.overdue': 'Overdue', 'inbox.open': 'Open',
    'case.ticket': 'Ticket', 'case.state': 'State', 'case.category': 'Category', 'case.village': 'Village',
    'case.unit': 'Unit', 'case.officer': 'Officer', 'case.filed': 'Filed', 'case.due': 'Due',
    'case.text': 'Complaint', 'case.landmark': 'Place', 'case.device': 'Received by device',
    'case.hidden': 'Text hidden', 'case.anonymous': 'Anonymous', 'case.hasContact': 'Has contact',
    'case.verified': 'Signature verified', 'case.unverified': 'Signature NOT verified',
    'case.timeline': 'Timeline', 'case.change': 'Change state', 'case.to': 'to', 'case.reply': 'Reply to the citizen',
    'case.replyHint': 'The kiosk shows this when the citizen looks up the ticket',
    'case.forwardedTo': 'Forwarded to', 'case.duplicateOf': 'Duplicate of ticket', 'case.apply': 'Apply',
    'case.notes': 'Internal notes', 'case.noteHint': 'The citizen never sees these', 'case.addNote': 'Add note',
    'case.showContact': 'Show contact', 'case.contactAudited': 'Opening it is recorded in the audit log',
    'case.name': 'Name', 'case.phone': 'Phone', 'case.address': 'Address',
    'case.hide': 'Hide text', 'case.show': 'Show text', 'case.hideReason': 'Reason for hiding',
    'case.lastReply': 'Latest reply', 'case.internal': 'internal', 'case.back': 'Back to the list',
    'case.sequence': 'Sequence', 'case.received': 'Hub received', 'case.created': 'Recorded on the device',
    'kind.filed': 'Filed', 'kind.state': 'State changed', 'kind.note': 'Internal note', 'kind.hidden': 'Text hidden',
    'kind.shown': 'Text shown', 'kind.contact': 'Contact opened',
    'due.on-time': 'On time', 'due.due-soon': 'Due soon', 'due.overdue': 'Overdue', 'due.done': 'Done',
    'filter.q': 'Search the text', 'filter.from': 'From', 'filter.to': 'To', 'filter.due': 'Due',
    'cases.total': '{n} cases', 'cases.none': 'No case fits these filters',
    'dev.number': 'No.', 'dev.label': 'Label', 'dev.office': 'Office', 'dev.lastPush': 'Last contact',
    'dev.held': 'Records held', 'dev.enrolled': 'Enrolled', 'dev.revoked': 'Revoked', 'dev.active': 'Active',
    'dev.incidents': 'Incidents', 'dev.noIncidents': 'No incidents', 'dev.never': 'Never pushed',
    'dev.state': 'State', 'dev.key': 'Key',
    'inc.gap': 'Gap in the sequence', 'inc.broken-chain': 'Broken chain', 'inc.conflict': 'Conflict',
    'inc.store-lost': 'Device store lost', 'inc.refused': 'Record refused', 'inc.skipped': 'Sequence skipped',
    'inc.device-clock-wrong': 'Device clock wrong',
    'user.user': 'Username', 'user.name': 'Display name', 'user.role': 'Role', 'user.office': 'Office',
    'user.unit': 'Unit', 'user.state': 'State', 'user.disabled': 'Disabled', 'user.enabled': 'Active',
    'user.add': 'Add user', 'user.disable': 'Disable', 'user.reset': 'Reset password',
    'user.password': 'Password (leave empty: the hub makes one)', 'user.newPassword': 'New password of {u} (shown once):',
    'user.added': '{u} added', 'user.confirmDisable': 'Disable the account {u}?',
    'role.admin': 'Administrator', 'role.supervisor': 'Supervisor', 'role.officer': 'Officer', 'role.viewer': 'Viewer',
    'audit.at': 'Time', 'audit.actor': 'Actor', 'audit.action': 'Action', 'audit.subject': 'Subject',
    'audit.change': 'Before → after', 'audit.address': 'Address', 'audit.older': 'Older', 'audit.newest': 'Newest',
    'nav.content': 'Content',
    'content.publish': 'Publish new content', 'content.office': 'Office', 'content.everyOffice': 'every office',
    'content.hint': 'Choose catalogue.json, announcements.json and survey files (.json). The hub checks each as a kiosk would; if any file cannot be used, nothing is published.',
    'content.version': 'Version {v}', 'content.nothing': 'Nothing has been published yet', 'content.publishedAt': 'Published',
    'content.file': 'File', 'content.bytes': 'Size (bytes)', 'content.published': 'Version {v} published; kiosks take it at their next sync',
    'viewer.only': 'Viewer accounts see no complaints and no personal data; their pages are under Reports.',
  },
};

const kLangKey = 'fangsiang.lang';
let lang = 'th';
try {
  if (localStorage.getItem(kLangKey) === 'en') lang = 'en';
} catch { /* storage refused: Thai */ }

export const currentLang = () => lang;
export function setLang(next) {
  lang = next === 'en' ? 'en' : 'th';
  try { localStorage.setItem(kLangKey, lang); } catch { /* kept for this page only */ }
  document.documentElement.lang = lang;
}
document.documentElement.lang = lang;

// The words for `key`, with {name} slots filled from `vars`.
export function t(key, vars) {
  let text = words[lang][key] ?? words.th[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) text = text.replace(`{${k}}`, String(v));
  return text;
}
// More words, from a part of the dashboard that keeps its own (report_words.js).
export function addWords(th, en) {
  Object.assign(words.th, th);
  Object.assign(words.en, en);
}
// A {th, en} pair from the API in the current language.
export const pick = (pair, fallback = '') => (pair && (pair[lang] || pair.th || pair.en)) || fallback;

export function when(ms) {
  if (!ms) return '—';
  return new Date(ms).toLocaleString(lang === 'th' ? 'th-TH' : 'en-GB', {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
  });
}
export const day = (ms) => (ms ? new Date(ms).toLocaleDateString(lang === 'th' ? 'th-TH' : 'en-GB',
  { year: 'numeric', month: 'short', day: 'numeric' }) : '—');
