#pragma once
// A complaint as long as citizens write them (about 600 characters), in Thai
// and in English, for the text area's tests and pictures.

namespace fangsiang::test {

inline constexpr const char* kLongComplaintThai =
    "ถนนในซอยหน้าโรงเรียนบ้านหนองบัวมีหลุมขนาดใหญ่หลายจุดตั้งแต่ต้นฤดูฝน "
    "เวลาฝนตกน้ำจะขังเต็มหลุมจนมองไม่เห็นว่าลึกเท่าไร เมื่อสัปดาห์ที่แล้วมีเด็กนักเรียนขี่จักรยานตกหลุมได้รับบาดเจ็บที่ขา "
    "และรถจักรยานยนต์ของผู้ปกครองก็ล้มอีกสองคัน ชาวบ้านในหมู่ที่สามช่วยกันเอาดินและเศษอิฐมาถมไว้ชั่วคราวแล้ว "
    "แต่พอรถบรรทุกผ่านไปมาก็พังเหมือนเดิม นอกจากนี้ไฟฟ้าส่องสว่างริมทางสามต้นใกล้ศาลาประชาคมดับมานานกว่าหนึ่งเดือน "
    "ตอนกลางคืนจึงมืดมากและผู้สูงอายุที่เดินไปวัดรู้สึกไม่ปลอดภัย ท่อระบายน้ำหน้าตลาดสดก็อุดตันด้วยขยะและใบไม้ "
    "ทำให้น้ำเน่าส่งกลิ่นเหม็นไปทั่วบริเวณ ขอให้เทศบาลส่งเจ้าหน้าที่มาตรวจสอบและซ่อมแซมถนน เปลี่ยนหลอดไฟ "
    "และลอกท่อระบายน้ำโดยเร็วที่สุด เพราะใกล้จะเปิดภาคเรียนใหม่แล้ว และเด็ก ๆ ต้องใช้เส้นทางนี้ทุกวัน "
    "หากต้องการข้อมูลเพิ่มเติม ชาวบ้านยินดีพาเจ้าหน้าที่ไปดูจุดที่เสียหายทุกจุด ขอบคุณมากครับ";

inline constexpr const char* kLongComplaintEnglish =
    "The lane in front of Ban Nong Bua school has had several large potholes since the start of the rainy "
    "season. When it rains they fill with water and nobody can see how deep they are. Last week a pupil on a "
    "bicycle fell into one and hurt a leg, and two parents' motorcycles went down as well. People from village "
    "3 filled the holes with soil and broken bricks, but the trucks broke them open again. Three street lights "
    "near the community hall have also been out for more than a month, so the road is very dark at night and "
    "older people walking to the temple do not feel safe. Please send someone to repair the road and the lights.";

}  // namespace fangsiang::test
