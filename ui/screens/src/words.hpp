#pragma once
// The words a citizen reads on the kiosk's screens, one table per screen
// family, Thai and English side by side (words.cpp). The screens look them
// up by name, so wording is reviewed and changed in one place, without
// reading drawing code; what the office writes (services, surveys,
// announcements) comes from its content files instead.

#include <core/text_pair.hpp>

namespace fangsiang::ui::words {

// Words more than one flow shows.
struct Frame {
    core::TextPair languageSwitch;  // labelled in the language it leads to
    core::TextPair next;
    core::TextPair done;
    core::TextPair ticketNumber;
};

// Welcome speaks both languages at once (nobody has chosen yet); Home has a
// tile per flow, and each flow's header is its tile's words.
struct Home {
    core::TextPair welcome;
    core::TextPair start;
    core::TextPair tiles[4];  // services, complaint, survey, ticket
};

struct Services {
    core::TextPair search;
    core::TextPair searchHint;
    core::TextPair noResults;
    // The headings of a service's manual, and how many of a document to bring.
    core::TextPair fee;
    core::TextPair timeNeeded;
    core::TextPair conditions;
    core::TextPair steps;
    core::TextPair documents;
    core::TextPair originals;
    core::TextPair copies;
    core::TextPair whereAndWhen;
    core::TextPair online;
    core::TextPair complaints;
};

struct Complaint {
    core::TextPair steps[6];
    core::TextPair stepsAnonymous[5];
    core::TextPair stepOf;  // "  step " 3/6, in a title
    core::TextPair chooseTopic;
    core::TextPair describe;
    core::TextPair describeHint;
    core::TextPair village;
    core::TextPair landmark;
    core::TextPair landmarkHint;
    core::TextPair privacyTitle;
    core::TextPair privacyBody;
    core::TextPair giveContact;
    core::TextPair stayAnonymous;
    core::TextPair name;
    core::TextPair phone;
    core::TextPair review;
    core::TextPair send;
    core::TextPair topicLabel;
    core::TextPair detailsLabel;
    core::TextPair placeLabel;
    core::TextPair moo;  // before a village number
    core::TextPair contactLabel;
    core::TextPair anonymous;
};

// The receipt on screen, and on paper, which speaks both languages: it is
// read later, away from the kiosk.
struct Receipt {
    core::TextPair title;
    core::TextPair keepTicket;
    core::TextPair print;
    core::TextPair paperTitle;
    core::TextPair paperTicket;
    core::TextPair paperDate;
    core::TextPair paperCheckCode;
};

struct Survey {
    core::TextPair questionOf;  // "Question" 2 / 6
    core::TextPair sendAnswers;
    core::TextPair likert[5];
    core::TextPair thanks;
    core::TextPair thanksBody;
};

struct Tickets {
    core::TextPair prompt;
    core::TextPair lookUp;
    core::TextPair states[5];  // by kiosk::TicketState
    core::TextPair reply;
    core::TextPair other;
};

extern const Frame kFrame;
extern const Home kHome;
extern const Services kServices;
extern const Complaint kComplaint;
extern const Receipt kReceipt;
extern const Survey kSurvey;
extern const Tickets kTickets;

}  // namespace fangsiang::ui::words
